package io.cadang.app;

import io.cadang.agent.repository.Repositories;
import io.cadang.agent.repository.Repository;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Option;

/** The repository to read or write: {@code file:///path} or {@code s3://bucket/prefix?...}. */
final class RepositoryOption {
  @Option(
      names = {"--repo", "-r"},
      required = true,
      description =
          "Repository URI: file:///path, or s3://bucket/prefix?endpoint=URL&region=R"
              + "&path-style=true&storage-class=STANDARD_IA (credentials from AWS_ACCESS_KEY_ID /"
              + " AWS_SECRET_ACCESS_KEY or their _FILE variants).")
  String uri;

  Repository open(Map<String, String> env) throws IOException {
    return Repositories.open(uri, env);
  }
}
