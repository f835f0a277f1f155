package org.labbridge.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when its key is absent, written as it would be in YAML
 * ({@code "9000"}, {@code "1MiB"}, {@code "5s"}, {@code "0x17"}, {@code "null"}) and converted by the same
 * rules as a configured value, so that a default can never be something a user could not write.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Default {
    String value();
}
