package io.medmaas.inference.oip;

import java.util.List;
import java.util.Set;

/**
 * A decoded infer request: the inputs as tensors in the model's input order, the outputs asked for
 * (all when empty), which of them go back as binary data, and the request id to echo.
 */
record InferRequest(
    String id,
    List<io.medmaas.inference.engine.Tensor> inputs,
    List<String> outputs,
    Set<String> binaryOutputs,
    boolean allBinary) {}
