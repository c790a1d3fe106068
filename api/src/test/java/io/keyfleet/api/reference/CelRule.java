package io.keyfleet.api.reference;

/** A CEL validation rule ({@code x-kubernetes-validations}) and the message the API server returns. */
record CelRule(String rule, String message) {}
