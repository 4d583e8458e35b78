package io.medmaas.inference.prediction.api;

/** One instance's result: the label and the model's probability of that label. */
public record Prediction(String label, double probability) {}
