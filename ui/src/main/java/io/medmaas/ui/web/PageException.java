package io.medmaas.ui.web;

/** A page that cannot be shown: its status and the sentence the error page says. */
public class PageException extends RuntimeException {

  private final int status;

  public PageException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The person's role does not allow the page. */
  public static PageException forbidden() {
    return new PageException(403, "Your role does not allow this page.");
  }
}
