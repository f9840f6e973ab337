package dev.vibegrapher.patch.control;

import java.util.List;

/**
 * How strictly a hunk's lines must equal the code's: exactly, or apart from trailing whitespace.
 */
enum LineMatching {
  EXACT {
    @Override
    boolean same(String expected, String actual) {
      return expected.equals(actual);
    }
  },
  TRAILING_WHITESPACE {
    @Override
    boolean same(String expected, String actual) {
      return expected.stripTrailing().equals(actual.stripTrailing());
    }
  };

  abstract boolean same(String expected, String actual);

  boolean matchesAt(List<String> expected, List<String> code, int start) {
    for (int i = 0; i < expected.size(); i++) {
      if (!same(expected.get(i), code.get(start + i))) {
        return false;
      }
    }
    return true;
  }
}
