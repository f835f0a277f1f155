package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyTuple;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §4 callback_direct result formats, with PyExpLabSys's failure texts. */
class ReturnFormatTest {

    private static Map<String, Object> dict(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void pythonNames() {
        assertEquals(ReturnFormat.JSON, ReturnFormat.of("json"));
        assertEquals(ReturnFormat.RAW, ReturnFormat.of("raw"));
        assertEquals(ReturnFormat.STRING, ReturnFormat.of("string"));
        assertEquals("The 'return_format' argument may only be one of the 'json', 'raw' or 'string' values",
                assertThrows(IllegalArgumentException.class, () -> ReturnFormat.of("xml")).getMessage());
    }

    @Test
    void json() {
        assertEquals("RET#{\"answer\": 42, \"pi\": 3.14, \"l\": [1, null]}",
                ReturnFormat.JSON.format(dict("answer", 42, "pi", 3.14, "l", Arrays.asList(1, null))));
        assertEquals("RET#null", ReturnFormat.JSON.format(null));
        assertEquals("RET#\"ok\"", ReturnFormat.JSON.format("ok"));
        assertTrue(ReturnFormat.JSON.format(new Object()).startsWith("EXCEP#Object of type "));
    }

    @Test
    void string() {
        assertEquals("RET#ok", ReturnFormat.STRING.format("ok"));
        assertEquals("RET#{'a': 1.0}", ReturnFormat.STRING.format(dict("a", 1.0)));
        assertEquals("RET#None", ReturnFormat.STRING.format(null));
        assertEquals("RET#(1, 'a')", ReturnFormat.STRING.format(PyTuple.of(1, "a")));
    }

    @Test
    void rawSpecExamples() {
        assertEquals("RET#answer:int:42;values:int:42,47", ReturnFormat.RAW.format(dict("answer", 42, "values",
                List.of(42, 47))));
        assertEquals("RET#float:1.0,42.0&1.5,45.6",
                ReturnFormat.RAW.format(List.of(List.of(1.0, 42.0), List.of(1.5, 45.6))));
        assertEquals("RET#None", ReturnFormat.RAW.format(null));
        assertEquals("RET#a:bool:False;b:str:x y;c:float:1e-05", ReturnFormat.RAW.format(dict("a", false, "b", "x y",
                "c", 1e-5)));
        assertEquals("RET#", ReturnFormat.RAW.format(dict()));
    }

    @Test
    void rawFailures() {
        String prefix = "EXCEP#Raw conversion failed with message:";
        assertEquals(prefix + "Return value must be a dict or list with return format 'raw'",
                ReturnFormat.RAW.format("text"));
        assertEquals(prefix + "Return value must be a dict or list with return format 'raw'",
                ReturnFormat.RAW.format(PyTuple.of(1, 2)));
        assertEquals(prefix + "With return format raw, value in list must have same type",
                ReturnFormat.RAW.format(dict("v", List.of(1, 1.5))));
        assertEquals(prefix + "With return format raw, value in list must have same type",
                ReturnFormat.RAW.format(dict("v", List.of(1, true))));
        assertEquals(prefix + "With return format raw, the item type can only be one of 'int', 'float', 'bool' and "
                + "'str'. Object: 'None' is of type: NoneType", ReturnFormat.RAW.format(dict("v", null)));
        assertEquals(prefix + "With return format raw, the item type can only be one of 'int', 'float', 'bool' and "
                + "'str'. Object: '[]' is of type: ", ReturnFormat.RAW.format(dict("v", List.of())));
        assertEquals(prefix + "With return format raw, the item type can only be one of 'int', 'float', 'bool' and "
                + "'str'. Object: '{'x': 1}' is of type: dict", ReturnFormat.RAW.format(dict("v", dict("x", 1))));
        assertEquals(prefix + "With return format raw on a list, the elements themselves be lists",
                ReturnFormat.RAW.format(List.of(1, 2)));
        assertEquals(prefix + "list index out of range", ReturnFormat.RAW.format(List.of()));
        assertEquals(prefix + "With return format raw on a list of lists, all values  in list must have same type. "
                + "Types are: [<class 'float'>, <class 'int'>]",
                ReturnFormat.RAW.format(List.of(List.of(1.0), List.of(2))));
        assertEquals(prefix + "With return format raw, the item type can only be one of 'int', 'float', 'bool' and "
                + "'str'. The type is: <class 'NoneType'>", ReturnFormat.RAW.format(List.of(Arrays.asList(null, null))));
    }

    @Test
    void exceptionText() {
        assertEquals("EXCEP#boom", PushReplies.excep(PushReplies.exceptionText(new IllegalStateException("boom"))));
        assertEquals("IllegalStateException", PushReplies.exceptionText(new IllegalStateException()));
    }
}
