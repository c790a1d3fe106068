package io.keyfleet.api.reference;

import java.util.List;

/**
 * One object level of a resource: its fields, and the CEL rules that relate them. Array items that
 * are objects have a section of their own, {@code spec.strategy.waves[]}.
 *
 * @param path empty for the resource itself
 */
record Section(String path, String description, List<CelRule> rules, List<Field> fields) {}
