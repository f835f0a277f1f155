package org.labbridge.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a sealed interface: the YAML key whose value picks the permitted record to bind, e.g.
 * {@code @TypeKey("kind")} with {@code kind: date-pull}. Each permitted record names itself with
 * {@link TypeName}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TypeKey {
    String value();
}
