package io.cadang.agent.postgres.local;

import io.cadang.agent.postgres.PgCatalog;
import io.cadang.agent.postgres.PgConnections;
import io.cadang.agent.postgres.PgException;
import io.cadang.agent.postgres.PgTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small but awkward data set for the demo and tests: several schemas, jsonb, bytea, a large
 * object, numeric, timestamps with zones, and non-ASCII identifiers and text — the things a dump
 * and restore tend to get wrong.
 */
public final class SampleData {
  private SampleData() {}

  /** Creates {@code database} on the server and fills it. */
  public static void create(PgTarget server, String database, int customers) throws PgException {
    try (Connection c = PgConnections.open(server);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE DATABASE "
              + PgCatalog.quoteIdent(database)
              + " TEMPLATE template0"
              + " ENCODING 'UTF8'");
    } catch (SQLException e) {
      throw new PgException(PgException.Reason.FAILED, "cannot create sample database", e);
    }
    try (Connection c = PgConnections.open(server.withDatabase(database));
        Statement s = c.createStatement()) {
      for (String sql : statements(customers)) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new PgException(
          PgException.Reason.FAILED, "cannot fill sample database: " + e.getMessage(), e);
    }
  }

  private static String[] statements(int customers) {
    return new String[] {
      "CREATE SCHEMA sales",
      "CREATE SCHEMA \"inventário\"",
      """
      CREATE TABLE sales.customers (
        id bigint PRIMARY KEY,
        name text NOT NULL,
        email text UNIQUE,
        profile jsonb,
        created_at timestamptz NOT NULL)
      """,
      """
      CREATE TABLE sales.orders (
        id bigserial PRIMARY KEY,
        customer_id bigint REFERENCES sales.customers(id),
        total numeric(12,2) NOT NULL,
        items jsonb NOT NULL)
      """,
      """
      CREATE TABLE "inventário"."preços" (
        sku text PRIMARY KEY,
        "descrição" text,
        price numeric(10,2),
        photo bytea)
      """,
      "CREATE TABLE public.documents (id int PRIMARY KEY, title text, content oid)",
      "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 500",
      "INSERT INTO sales.customers SELECT g, (ARRAY['Budi Santoso','Siti Nurhaliza','Zoë Ångström',"
          + "'李小龍','Ольга','José Müller'])[1 + g % 6] || ' #' || g,"
          + " 'user' || g || '@example.com',"
          + " jsonb_build_object('tier', g % 3, 'tags', jsonb_build_array('a', 'β', 'ç'),"
          + " 'note', 'naïve café ' || md5(g::text)),"
          + " timestamptz '2026-01-01 00:00+07' + g * interval '17 minutes'"
          + " FROM generate_series(1, "
          + customers
          + ") g",
      "INSERT INTO sales.orders (customer_id, total, items) SELECT 1 + g % "
          + customers
          + ","
          + " round((g * 37 % 100000) / 100.0, 2),"
          + " jsonb_build_array(jsonb_build_object('sku', 'SKU-' || g % 97, 'qty', 1 + g % 5))"
          + " FROM generate_series(1, "
          + (customers * 5)
          + ") g",
      "INSERT INTO \"inventário\".\"preços\" SELECT 'SKU-' || g, 'Produto nº ' || g || ' — ü',"
          + " g * 1.25, decode(md5(g::text) || md5((g + 1)::text), 'hex')"
          + " FROM generate_series(0, 96) g",
      "INSERT INTO public.documents VALUES"
          + " (1, 'contract', lo_from_bytea(0, convert_to(repeat('Kontrak kerja sama. ', 500),"
          + " 'UTF8')))",
      "ANALYZE",
    };
  }
}
