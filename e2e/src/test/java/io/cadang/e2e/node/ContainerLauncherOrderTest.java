package io.cadang.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerLauncherOrderTest {
  @Test
  void aMountOverTheNodesOwnDirectoryIsBoundAfterTheMountsWhoseSourcesItWouldHide() {
    VolumePlan.Mount tmp =
        new VolumePlan.Mount(Path.of("/tmp/node/pods/u/volumes/tmp"), "/tmp", false, false);
    VolumePlan.Mount log =
        new VolumePlan.Mount(
            Path.of("/tmp/node/pods/u/containers/c/termination-log"),
            "/dev/termination-log",
            false,
            true);
    VolumePlan.Mount data = new VolumePlan.Mount(Path.of("/srv/pvc/data"), "/data", true, false);
    assertEquals(List.of(log, data, tmp), ContainerLauncher.shadowingLast(List.of(tmp, log, data)));
    assertEquals(List.of(data, log), ContainerLauncher.shadowingLast(List.of(data, log)));
  }
}
