package org.labbridge.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one kind of test that leaks on purpose: the guard test that proves {@link LeakGuard}
 * catches a leak. It must collect (and so clear) the leak itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AllowsLeaks {
}
