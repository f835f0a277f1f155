package org.labbridge.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values of the {@link TypeKey} that select this record (usually one). When several kinds share a
 * record, give it a component named like the key (e.g. {@code kind}) and it receives the value.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TypeName {
    String[] value();
}
