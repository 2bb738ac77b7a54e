package io.cadang.agent.backup;

import java.util.List;

/** Queries whose results fingerprint the sample data, compared between source and restore. */
final class ContentQueries {
  private ContentQueries() {}

  static final List<String> SAMPLE =
      List.of(
          "SELECT md5(string_agg(c::text, '|' ORDER BY id)) FROM sales.customers c",
          "SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM sales.orders o",
          "SELECT md5(string_agg(p::text, '|' ORDER BY sku)) FROM \"inventário\".\"preços\" p",
          "SELECT md5(string_agg(encode(photo, 'hex'), '' ORDER BY sku))"
              + " FROM \"inventário\".\"preços\"",
          "SELECT md5(lo_get(content)) FROM public.documents WHERE id = 1",
          "SELECT string_agg(profile->>'note', ',' ORDER BY id) FROM sales.customers WHERE id < 5",
          "SELECT last_value::text FROM sales.orders_id_seq",
          "SELECT pg_get_viewdef('sales.big_orders')",
          "SELECT count(*)::text FROM pg_indexes WHERE schemaname = 'sales'");
}
