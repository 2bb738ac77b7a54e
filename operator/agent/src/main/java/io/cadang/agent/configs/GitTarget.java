package io.cadang.agent.configs;

import java.net.URISyntaxException;
import java.util.Set;
import org.eclipse.jgit.transport.URIish;

/**
 * Where the non-secret objects of a snapshot are committed.
 *
 * @param url the remote (https://, ssh://, git@host:path, file:// or a local path); never with a
 *     password in it: credentials come from {@link GitCredentials}
 * @param branch the branch to commit to, created when the remote has none
 * @param path sub-directory the snapshot owns and replaces ("" for the whole tree)
 * @param authorName commit author and committer name
 * @param authorEmail commit author and committer e-mail
 * @param excludedKinds kind names (or apiVersion/Kind) never written to git; Secret always is
 */
public record GitTarget(
    String url,
    String branch,
    String path,
    String authorName,
    String authorEmail,
    Set<String> excludedKinds) {
  public GitTarget {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("git: the URL is empty");
    }
    URIish uri;
    try {
      uri = new URIish(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("git: invalid URL '" + url + "'");
    }
    if (uri.getPass() != null) {
      throw new IllegalArgumentException(
          "git: the URL must not hold a password (it would be stored in the manifest and the"
              + " Job spec); put the token in CADANG_GIT_TOKEN");
    }
    branch = branch == null || branch.isBlank() ? "main" : branch;
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + branch)) {
      throw new IllegalArgumentException("git: invalid branch name '" + branch + "'");
    }
    path = normalizePath(path);
    authorName = authorName == null || authorName.isBlank() ? "cadang" : authorName;
    authorEmail = authorEmail == null || authorEmail.isBlank() ? "cadang@localhost" : authorEmail;
    excludedKinds = excludedKinds == null ? Set.of() : Set.copyOf(excludedKinds);
  }

  /** Whether an object of this kind may be written to git. */
  public boolean allows(ResourceKind kind) {
    return !kind.isSecret()
        && !excludedKinds.contains(kind.kind())
        && !excludedKinds.contains(kind.toString());
  }

  static String normalizePath(String path) {
    if (path == null) {
      return "";
    }
    String p = path.trim();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.startsWith("/")) {
      throw new IllegalArgumentException("git: path '" + path + "' must be relative");
    }
    for (String segment : p.split("/", -1)) {
      if (!p.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))
          || segment.equals(".git")) {
        throw new IllegalArgumentException(
            "git: path '" + path + "' must not hold empty, '.', '..' or '.git' segments");
      }
    }
    return p;
  }
}
