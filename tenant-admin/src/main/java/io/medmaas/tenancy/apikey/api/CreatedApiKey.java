package io.medmaas.tenancy.apikey.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer to creating or rotating a key: the key, and its {@code secret}, the whole key to send
 * in {@code X-API-Key}. This answer is the only place the secret ever appears.
 */
public record CreatedApiKey(@JsonUnwrapped ApiKeyView key, String secret) {}
