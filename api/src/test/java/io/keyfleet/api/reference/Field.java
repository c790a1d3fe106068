package io.keyfleet.api.reference;

import java.util.List;

/**
 * One field of a custom resource, a row of the reference.
 *
 * @param path full path as kubectl explain reads it, with {@code []} after each array, e.g.
 *     {@code spec.strategy.waves[].percent}
 * @param type the type as kubectl explain spells it: {@code string}, {@code Object},
 *     {@code []Object}, {@code map[string]string}
 * @param defaultValue what the API server fills in when the field is left out (text as is, other
 *     values as JSON), or null
 * @param constraints the schema's checks, one phrase each, e.g. "1 to 20 items"
 * @param rules CEL rules declared on the field itself; an object's rules belong to its section
 * @param section path of the section that lists the field's own fields, or null for a leaf
 */
record Field(
    String path,
    String type,
    boolean required,
    String defaultValue,
    List<String> constraints,
    List<CelRule> rules,
    String description,
    String section) {}
