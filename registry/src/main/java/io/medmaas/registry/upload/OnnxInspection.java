package io.medmaas.registry.upload;

import java.util.Set;

/**
 * What the static reading of an ONNX file found.
 *
 * @param operatorDomains the operator-set domains the graph imports or its nodes use
 * @param externalDataReferences how many tensors point at data outside the file
 * @param nodes how many nodes the graph and its subgraphs hold
 */
public record OnnxInspection(
    long irVersion, Set<String> operatorDomains, int externalDataReferences, int nodes) {}
