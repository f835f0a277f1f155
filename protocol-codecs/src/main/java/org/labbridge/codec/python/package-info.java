/**
 * Python 3 semantics for values that cross the PyExpLabSys wire: float {@code repr}, {@code str()} and
 * {@code repr()} of containers, {@code json.dumps} output and a lenient {@code json.loads}.
 *
 * <p>The Java value model: {@code null} = None, {@link java.lang.Boolean} = bool, {@link java.lang.Integer}
 * / {@link java.lang.Long} / {@link java.math.BigInteger} = int, {@link java.lang.Double} (and Float) =
 * float, {@link java.lang.String} = str, {@link java.util.List} = list, {@link PyTuple} = tuple,
 * {@link java.util.Map} with String keys, insertion-ordered ({@link java.util.LinkedHashMap}) = dict.
 */
package org.labbridge.codec.python;
