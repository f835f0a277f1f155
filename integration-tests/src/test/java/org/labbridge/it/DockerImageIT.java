package org.labbridge.it;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker image, built from {@code docker/Dockerfile} and run with Testcontainers: the daemon starts
 * with the container configuration and the CLI inside it pushes and pulls a reading. Runs where a Docker
 * engine exists; JUnit reports it skipped ("disabledWithoutDocker") where none does, and nothing else in
 * the suite depends on Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void imageServesPushAndPull() throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile("labbridge-it", false)
                .withFileFromPath(".", REPO)
                .withDockerfile(REPO.resolve("docker/Dockerfile"))
                .withTarget("runtime");
        try (GenericContainer<?> labbridge = new GenericContainer<>(image)
                .waitingFor(Wait.forLogMessage(".*labbridge serving.*", 1))
                .withStartupTimeout(Duration.ofMinutes(10))) {
            labbridge.start();
            Container.ExecResult version = labbridge.execInContainer("/opt/labbridge/bin/labbridge", "version");
            assertEquals(0, version.getExitCode(), version.getStderr());
            assertTrue(version.getStdout().startsWith("labbridge "), version.getStdout());

            Container.ExecResult push = labbridge.execInContainer("/opt/labbridge/bin/labbridge", "push", ":8500",
                    "{\"t\": 21.5}");
            assertEquals("ACK#{'t': 21.5}", push.getStdout().trim(), push.getStderr());
            Container.ExecResult pull = labbridge.execInContainer("/opt/labbridge/bin/labbridge", "pull", ":9000",
                    "t#raw");
            assertTrue(pull.getStdout().trim().endsWith(",21.5"), pull.getStdout() + pull.getStderr());
        }
    }

    @Test
    void imageIsHealthyWithinTenSecondsOfServing() throws Exception {
        ImageFromDockerfile image = new ImageFromDockerfile("labbridge-it", false)
                .withFileFromPath(".", REPO)
                .withDockerfile(REPO.resolve("docker/Dockerfile"))
                .withTarget("runtime");
        try (GenericContainer<?> labbridge = new GenericContainer<>(image)
                .waitingFor(Wait.forLogMessage(".*labbridge serving.*", 1))
                .withStartupTimeout(Duration.ofMinutes(10))) {
            labbridge.start();
            // The image's HEALTHCHECK asks /health every 5 s; Docker reports it healthy within 10 s.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String health = "";
            while (System.nanoTime() < deadline && !health.equals("healthy")) {
                health = labbridge.getDockerClient().inspectContainerCmd(labbridge.getContainerId()).exec()
                        .getState().getHealth().getStatus();
                Thread.sleep(200);
            }
            assertEquals("healthy", health);
            Container.ExecResult jsa = labbridge.execInContainer("test", "-f", "/opt/labbridge/lib/labbridge.jsa");
            assertEquals(0, jsa.getExitCode(), "the class-data archive was written at build time");
        }
    }
}
