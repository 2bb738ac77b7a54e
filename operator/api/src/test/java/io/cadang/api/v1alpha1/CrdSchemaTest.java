package io.cadang.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code kubectl get}, {@code kubectl explain} and the API server's validation will see. */
class CrdSchemaTest {

  /**
   * Embedded core/v1 types: their own fields carry no descriptions in fabric8's model, and {@code
   * kubectl explain pod.spec...} documents them. The field that embeds them must be described.
   */
  private static final Set<String> EMBEDDED_KUBERNETES_TYPES =
      Set.of("spec.job.resources", "spec.job.tolerations", "spec.job.affinity");

  @ParameterizedTest
  @ValueSource(strings = {"backuppolicies", "backupruns", "restorerequests"})
  void everyPropertyAtEveryDepthHasADescription(String plural) {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented(schema(plural), "", undocumented);
    assertEquals(List.of(), undocumented, plural + ": properties without a description");
  }

  @ParameterizedTest
  @ValueSource(strings = {"backuppolicies", "backupruns", "restorerequests"})
  void isNamespacedInCadangGroupWithStatusSubresource(String plural) {
    CustomResourceDefinition crd = GeneratedCrds.load(plural);
    assertEquals("cadang.io", crd.getSpec().getGroup());
    assertEquals("Namespaced", crd.getSpec().getScope());
    CustomResourceDefinitionVersion version = version(plural);
    assertEquals("v1alpha1", version.getName());
    assertTrue(version.getServed() && version.getStorage());
    assertNotNull(version.getSubresources(), "subresources");
    assertNotNull(version.getSubresources().getStatus(), "status subresource");
  }

  @ParameterizedTest
  @CsvSource({"backuppolicies, cbp", "backupruns, cbr", "restorerequests, crr"})
  void hasAShortNameThatNoBuiltInResourceUses(String plural, String shortName) {
    assertEquals(
        List.of(shortName), GeneratedCrds.load(plural).getSpec().getNames().getShortNames());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "backuppolicies  | Schedule,Last Success,Next Run,Ready,Age",
        "backupruns      | Policy,Trigger,Phase,Size,Duration,Age",
        "restorerequests | Source,Target,Phase,Recovered To,Age"
      })
  void defaultPrinterColumnsMakeKubectlGetUseful(String plural, String expected) {
    Set<String> shown =
        version(plural).getAdditionalPrinterColumns().stream()
            .filter(c -> c.getPriority() == null || c.getPriority() == 0)
            .map(CustomResourceColumnDefinition::getName)
            .collect(Collectors.toSet());
    assertEquals(Set.of(expected.split(",")), shown);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "backuppolicies  | spec                         | pitr.enabled needs method: Physical",
        "restorerequests | spec.target                  | a dataDirectory receives the whole cluster",
        "backuppolicies  | spec.source                  | exactly one source",
        "backuppolicies  | spec.source                  | postgres, files, configs or volumeSnapshots",
        "backuppolicies  | spec.source.files            | paths must not contain a",
        "backuppolicies  | spec.source.files            | relative to the claim",
        "backuppolicies  | spec.source.configs.git      | must not carry credentials",
        "backuppolicies  | spec.source.configs.git      | path must be relative",
        "backuppolicies  | spec.source.configs.git.credentialsSecret | set tokenKey (HTTPS) or sshPrivateKeyKey",
        "backuppolicies  | spec.source.volumeSnapshots  | claims must be unique",
        "backuppolicies  | spec                         | spec.retention does not apply",
        "backuppolicies  | spec                         | storage and encryption are required",
        "backuppolicies  | spec                         | method: Physical needs a postgres source",
        "backuppolicies  | spec                         | a volumeSnapshots policy runs none",
        "restorerequests | spec.target                  | database, dataDirectory, files, configs or scratch",
        "restorerequests | spec.target                  | sourceDatabase applies to database targets only",
        "restorerequests | spec                         | target.scratch is a throwaway server for drills",
        "backuppolicies  | spec.verify                  | each name must be unique",
        "backuppolicies  | spec.source.postgres         | databases (a non-empty list) or allDatabases",
        "backuppolicies  | spec.storage                 | must not have the primary's name",
        "backuppolicies  | spec.storage                 | names must be unique",
        "backuppolicies  | spec.storage.primary         | exactly one backend",
        "backuppolicies  | spec.storage.replicas[]      | exactly one backend",
        "backuppolicies  | spec.encryption              | exactly one key provider",
        "backuppolicies  | spec.encryption.vault.auth   | exactly one of kubernetes or tokenSecret",
        "backuppolicies  | spec.retention               | at least one of keepLast",
        "backupruns      | spec                         | immutable",
        "backupruns      | spec                         | Scheduled run needs scheduledTime",
        "restorerequests | spec                         | immutable",
        "restorerequests | spec                         | Drill never quiesces",
        "restorerequests | spec.source                  | exactly one of backupRun or policy",
        "restorerequests | spec.source                  | pointInTime needs policy",
        "restorerequests | spec.source.pointInTime      | exactly one of time, lsn or latest",
        "restorerequests | spec.target                  | exactly one target",
        "restorerequests | spec.target                  | set sourceDatabase too"
      })
  void celRulesGuardFieldsThatDependOnEachOther(String plural, String path, String message) {
    List<ValidationRule> rules = at(schema(plural), path).getXKubernetesValidations();
    assertNotNull(rules, plural + " " + path + ": no x-kubernetes-validations");
    assertTrue(
        rules.stream().anyMatch(r -> r.getMessage().contains(message)),
        plural + " " + path + ": no rule saying '" + message + "' in " + rules);
  }

  /**
   * The exact CEL of the rules issue 7 depends on. CEL cannot run on the fabric8 mock: this only
   * proves the rule text reaches the CRD; evaluating it is left to the end-to-end tests on a real
   * API server.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "backuppolicies  ; spec.source       ; size([has(self.postgres), has(self.files), has(self.configs), has(self.volumeSnapshots)].filter(x, x)) == 1",
        "backuppolicies  ; spec.source.files ; !has(self.paths) || self.paths.all(p, !p.matches('(^|/)[.][.](/|$)'))",
        "backuppolicies  ; spec.source.files ; !has(self.paths) || self.paths.all(p, !p.startsWith('/'))",
        "restorerequests ; spec.target       ; size([has(self.database), has(self.dataDirectory), has(self.files), has(self.configs), has(self.scratch)].filter(x, x)) == 1"
      })
  void issue7RulesAreInTheCrdVerbatim(String plural, String path, String rule) {
    List<ValidationRule> rules = at(schema(plural), path).getXKubernetesValidations();
    assertNotNull(rules, plural + " " + path);
    assertTrue(
        rules.stream().anyMatch(r -> r.getRule().equals(rule)),
        plural + " " + path + ": no rule " + rule + " in " + rules);
  }

  /**
   * CEL is only compiled by a real API server; this catches the cheap mistakes first: every {@code
   * self.a.b} names properties that exist where the rule sits, and parentheses balance.
   */
  @ParameterizedTest
  @ValueSource(strings = {"backuppolicies", "backupruns", "restorerequests"})
  void celRulesReferToPropertiesThatExist(String plural) {
    List<String> problems = new ArrayList<>();
    checkRules(schema(plural), "", problems);
    assertEquals(List.of(), problems);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "backuppolicies  | spec.timeZone                           | \"UTC\"",
        "backuppolicies  | spec.method                             | \"Logical\"",
        "backuppolicies  | spec.pitr.targetRpo                     | \"5m\"",
        "backuppolicies  | spec.pitr.partialUploadInterval         | \"10s\"",
        "backuppolicies  | spec.source.postgres.port               | 5432",
        "backuppolicies  | spec.source.postgres.credentialsSecret.userKey | \"username\"",
        "backuppolicies  | spec.encryption.vault.transitMount      | \"transit\"",
        "backuppolicies  | spec.retention.keepFailed               | 3",
        "backuppolicies  | spec.job.backoffLimit                   | 1",
        "backupruns      | spec.trigger                            | \"Manual\"",
        "restorerequests | spec.verify                             | true",
        "restorerequests | spec.mode                               | \"Restore\"",
        "restorerequests | spec.jobs                               | 2",
        "backuppolicies  | spec.source.volumeSnapshots.keep        | 2",
        "backuppolicies  | spec.source.configs.git.branch          | \"main\"",
        "backuppolicies  | spec.backupLog.table                    | \"internal.backup_logs\"",
        "backuppolicies  | spec.backupLog.port                     | 5432",
        "restorerequests | spec.target.files.overwrite             | false",
        "restorerequests | spec.target.configs.dryRun              | false"
      })
  void defaultsAreInTheSchemaSoTheApiServerAppliesThem(String plural, String path, String value) {
    assertEquals(value, String.valueOf(at(schema(plural), path).getDefault()));
  }

  private static void collectUndocumented(JSONSchemaProps node, String path, List<String> out) {
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : node.getProperties().entrySet()) {
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        String description = e.getValue().getDescription();
        if (description == null || description.isBlank()) {
          out.add(child);
        }
        if (!EMBEDDED_KUBERNETES_TYPES.contains(child)) {
          collectUndocumented(e.getValue(), child, out);
        }
      }
    }
    for (JSONSchemaProps nested : nested(node)) {
      collectUndocumented(nested, path + "[]", out);
    }
  }

  private static final Pattern SELF_PATH =
      Pattern.compile("\\b(self|oldSelf)((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)(\\s*\\()?");

  private static void checkRules(JSONSchemaProps node, String path, List<String> problems) {
    if (node.getXKubernetesValidations() != null) {
      for (ValidationRule rule : node.getXKubernetesValidations()) {
        String cel = rule.getRule();
        if (cel.chars().filter(c -> c == '(').count()
            != cel.chars().filter(c -> c == ')').count()) {
          problems.add(path + ": unbalanced parentheses in " + cel);
        }
        Matcher m = SELF_PATH.matcher(cel);
        while (m.find()) {
          List<String> segments = new ArrayList<>(List.of(m.group(2).substring(1).split("\\.")));
          if (m.group(3) != null) {
            segments.remove(segments.size() - 1); // a macro or function: .all(, .exists_one(
          }
          JSONSchemaProps at = node;
          for (String segment : segments) {
            at = at.getProperties() == null ? null : at.getProperties().get(segment);
            if (at == null) {
              problems.add(path + ": '" + m.group() + "' names no property in " + cel);
              break;
            }
          }
        }
      }
    }
    if (node.getProperties() != null) {
      node.getProperties()
          .forEach(
              (name, child) -> {
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (!EMBEDDED_KUBERNETES_TYPES.contains(childPath)) {
                  checkRules(child, childPath, problems);
                }
              });
    }
    for (JSONSchemaProps nested : nested(node)) {
      checkRules(nested, path + "[]", problems);
    }
  }

  private static List<JSONSchemaProps> nested(JSONSchemaProps node) {
    List<JSONSchemaProps> nested = new ArrayList<>();
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      nested.add(node.getItems().getSchema());
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      nested.add(node.getAdditionalProperties().getSchema());
    }
    return nested;
  }

  /** The schema at a dotted path; {@code name[]} steps into a list's items. */
  private static JSONSchemaProps at(JSONSchemaProps root, String path) {
    JSONSchemaProps node = root;
    for (String segment : path.split("\\.")) {
      boolean items = segment.endsWith("[]");
      String name = items ? segment.substring(0, segment.length() - 2) : segment;
      node = node.getProperties().get(name);
      assertNotNull(node, "no property " + segment + " in " + path);
      if (items) {
        node = node.getItems().getSchema();
      }
    }
    return node;
  }

  private static JSONSchemaProps schema(String plural) {
    return version(plural).getSchema().getOpenAPIV3Schema();
  }

  private static CustomResourceDefinitionVersion version(String plural) {
    List<CustomResourceDefinitionVersion> versions =
        GeneratedCrds.load(plural).getSpec().getVersions();
    assertEquals(1, versions.size());
    return versions.get(0);
  }
}
