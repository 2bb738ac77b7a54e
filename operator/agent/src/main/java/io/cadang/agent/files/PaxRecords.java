package io.cadang.agent.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * pax extended header records: {@code "<length> <key>=<value>\n"}, the length counting the whole
 * record in bytes. Values stay raw bytes: GNU tar writes a name it cannot convert to UTF-8 as it
 * is, and that name must survive to the index and the restore byte for byte.
 */
final class PaxRecords {
  private PaxRecords() {}

  static Map<String, byte[]> parse(byte[] data) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      if (data[i] == 0) {
        break; // trailing NUL padding some writers leave
      }
      int space = i;
      long length = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9') {
        length = length * 10 + (data[space] - '0');
        if (length > data.length) {
          throw malformed();
        }
        space++;
      }
      if (space == i || space >= data.length || data[space] != ' ') {
        throw malformed();
      }
      int end = i + (int) length;
      if (end > data.length || end <= space + 1 || data[end - 1] != '\n') {
        throw malformed();
      }
      int eq = space + 1;
      while (eq < end - 1 && data[eq] != '=') {
        eq++;
      }
      if (eq >= end - 1) {
        throw malformed();
      }
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      out.put(key, Arrays.copyOfRange(data, eq + 1, end - 1));
      i = end;
    }
    return out;
  }

  private static IOException malformed() {
    return new IOException("the archive has a malformed pax extended header");
  }
}
