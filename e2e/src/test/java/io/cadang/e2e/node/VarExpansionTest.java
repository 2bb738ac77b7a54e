package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VarExpansionTest {
  private static final Map<String, String> ENV = Map.of("PGUSER", "alice", "EMPTY", "");

  private static String expand(String s) {
    return VarExpansion.expand(s, ENV::get);
  }

  @Test
  void definedVariableIsReplaced() {
    assertEquals("--user=alice", expand("--user=$(PGUSER)"));
  }

  @Test
  void undefinedVariableStaysAsWritten() {
    assertEquals("--user=$(NOPE)", expand("--user=$(NOPE)"));
  }

  @Test
  void doubleDollarEscapesTheReference() {
    assertEquals("$(PGUSER) and $", expand("$$(PGUSER) and $$"));
  }

  @Test
  void dollarWithoutParenthesisAndTrailingDollarAreKept() {
    assertEquals("$HOME costs 5$", expand("$HOME costs 5$"));
  }

  @Test
  void unterminatedReferenceIsText() {
    assertEquals("$(PGUSER", expand("$(PGUSER"));
  }

  @Test
  void emptyValueAndSeveralReferencesInOneString() {
    assertEquals("[]alice/alice", expand("[$(EMPTY)]$(PGUSER)/$(PGUSER)"));
  }
}
