package io.medmaas.gateway.pipeline;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer a request will get: status, content type, body and the headers that go with it, plus
 * the problem type of an error (for the audit record). Built by a stage, sent by the pipeline.
 */
public final class Answer {

  private final int status;
  private final String contentType;
  private final Buffer body;
  private final ReadStream<Buffer> stream;
  private final String problemType;
  private final List<Map.Entry<String, String>> headers = new ArrayList<>(4);
  private boolean closeConnection;

  public Answer(int status, String contentType, Buffer body, String problemType) {
    this.status = status;
    this.contentType = contentType;
    this.body = body == null ? Buffer.buffer() : body;
    this.stream = null;
    this.problemType = problemType;
  }

  /** A successful answer whose body is passed on as it arrives from {@code stream}. */
  public Answer(int status, String contentType, ReadStream<Buffer> stream) {
    this.status = status;
    this.contentType = contentType;
    this.body = Buffer.buffer();
    this.stream = stream;
    this.problemType = null;
  }

  /** The body as it arrives, when it is streamed; else null (the body is {@link #body()}). */
  public ReadStream<Buffer> stream() {
    return stream;
  }

  public Answer header(String name, String value) {
    headers.add(Map.entry(name, value));
    return this;
  }

  /** The connection is closed after this answer (its request body was not read). */
  public Answer closingConnection() {
    closeConnection = true;
    return this;
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public Buffer body() {
    return body;
  }

  /** The problem type's slug when this answer is an error, else null. */
  public String problemType() {
    return problemType;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  public boolean closesConnection() {
    return closeConnection;
  }
}
