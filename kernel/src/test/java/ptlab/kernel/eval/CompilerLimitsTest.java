package ptlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;

import org.junit.jupiter.api.Test;

class CompilerLimitsTest {

    @Test
    void ordinaryCodePasses() {
        assertNull(CompilerLimits.problem("int x = (1 + 2) * 3; // a + b + c\nString s = \"a+b\" + 'c';"));
        assertNull(CompilerLimits.problem("String s = \"" + "x".repeat(CompilerLimits.MAX_CONSTANT_BYTES) + "\";"));
        assertNull(CompilerLimits.problem("int y = " + String.join("+", Collections.nCopies(900, "1")) + ";"));
    }

    @Test
    void aStringLiteralTooLongForTheClassFileIsNamed() {
        String p = CompilerLimits.problem("String s = \"" + "x".repeat(70_000) + "\";");
        assertTrue(p.startsWith("constant string too long"), p);
        // two bytes per character in UTF-8
        assertTrue(CompilerLimits.problem("var s = \"\"\"\n" + "é".repeat(40_000) + "\"\"\";").contains("80001 bytes"));
    }

    @Test
    void escapesCountAsTheCharacterTheyStandFor() {
        assertNull(CompilerLimits.problem("String s = \"" + "\\n".repeat(40_000) + "\";"));
    }

    @Test
    void aLongOperatorChainOrDeepBracketsAreTooDeep() {
        assertTrue(CompilerLimits.problem("int y = " + String.join("+", Collections.nCopies(3000, "1")) + ";")
                .contains("too deeply nested"));
        assertTrue(CompilerLimits.problem("int y = " + "(".repeat(1200) + "1" + ")".repeat(1200) + ";")
                .contains("too deeply nested"));
    }

    @Test
    void statementsAndArgumentsStartAFreshChain() {
        assertNull(CompilerLimits.problem("int a = 1 + 1;\n".repeat(2000)));
        assertNull(CompilerLimits.problem("f(" + String.join(", ", Collections.nCopies(2000, "1 + 1")) + ");"));
    }
}
