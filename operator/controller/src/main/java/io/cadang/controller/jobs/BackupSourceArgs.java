package io.cadang.controller.jobs;

import io.cadang.api.v1alpha1.ConfigsSource;
import io.cadang.api.v1alpha1.FilesSource;
import io.cadang.api.v1alpha1.GitCredentialsSecret;
import io.cadang.api.v1alpha1.GitTarget;
import io.cadang.api.v1alpha1.ResourceKind;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The source part of {@code cadang backup} for files and configs sources (docs/backuppolicy.md), as
 * pure functions. Git credentials reach the agent only as secretKeyRef environment variables.
 */
final class BackupSourceArgs {
  static final String GIT_TOKEN = "CADANG_GIT_TOKEN";
  static final String GIT_SSH_KEY = "CADANG_GIT_SSH_KEY";
  static final String GIT_KNOWN_HOSTS = "CADANG_GIT_KNOWN_HOSTS";
  static final String GIT_AUTHOR_NAME = "CADANG_GIT_AUTHOR_NAME";
  static final String GIT_AUTHOR_EMAIL = "CADANG_GIT_AUTHOR_EMAIL";

  private BackupSourceArgs() {}

  /** {@code --files=/cadang/source [--path=P]... [--exclude=E]...}; no paths means the root. */
  static List<String> files(FilesSource files) {
    List<String> args = new ArrayList<>();
    args.add("--files=" + BackupJobs.SOURCE_MOUNT);
    List<String> paths =
        files.getPaths() == null || files.getPaths().isEmpty() ? List.of(".") : files.getPaths();
    for (String path : paths) {
      args.add("--path=" + path);
    }
    if (files.getExcludes() != null) {
      for (String exclude : files.getExcludes()) {
        args.add("--exclude=" + exclude);
      }
    }
    return args;
  }

  /**
   * {@code --configs --resource=G/V/K... [--namespace=N]... [--selector=S] [--git-*]}; no
   * namespaces means the policy's own.
   */
  static List<String> configs(ConfigsSource configs, String policyNamespace) {
    List<String> args = new ArrayList<>();
    args.add("--configs");
    for (ResourceKind kind : configs.getResources()) {
      args.add("--resource=" + kind.getApiVersion() + "/" + kind.getKind());
    }
    List<String> namespaces =
        configs.getNamespaces() == null || configs.getNamespaces().isEmpty()
            ? List.of(policyNamespace)
            : configs.getNamespaces();
    for (String namespace : namespaces) {
      args.add("--namespace=" + namespace);
    }
    if (configs.getLabelSelector() != null && !configs.getLabelSelector().isBlank()) {
      args.add("--selector=" + configs.getLabelSelector());
    }
    GitTarget git = configs.getGit();
    if (git != null) {
      args.add("--git-url=" + git.getUrl());
      args.add("--git-branch=" + (git.getBranch() == null ? "main" : git.getBranch()));
      if (git.getPath() != null && !git.getPath().isBlank()) {
        args.add("--git-path=" + git.getPath());
      }
    }
    return args;
  }

  /** Git credentials by reference, and the commit author as plain values (not secret). */
  static List<EnvVar> gitEnv(GitTarget git) {
    List<EnvVar> env = new ArrayList<>();
    if (git == null) {
      return env;
    }
    GitCredentialsSecret creds = git.getCredentialsSecret();
    if (creds != null) {
      if (creds.getTokenKey() != null) {
        env.add(AgentContainers.fromSecret(GIT_TOKEN, creds.getName(), creds.getTokenKey()));
      }
      if (creds.getSshPrivateKeyKey() != null) {
        env.add(
            AgentContainers.fromSecret(GIT_SSH_KEY, creds.getName(), creds.getSshPrivateKeyKey()));
      }
      if (creds.getKnownHostsKey() != null) {
        env.add(
            AgentContainers.fromSecret(GIT_KNOWN_HOSTS, creds.getName(), creds.getKnownHostsKey()));
      }
    }
    env.add(plain(GIT_AUTHOR_NAME, git.getAuthorName() == null ? "cadang" : git.getAuthorName()));
    env.add(
        plain(
            GIT_AUTHOR_EMAIL,
            git.getAuthorEmail() == null ? "cadang@localhost" : git.getAuthorEmail()));
    return env;
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
