package io.jwtredis.embedded;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no {@code redis-server} survives a {@code kill -9} of the JVM that started
 * it.
 */
class EmbeddedRedisClusterWatchdogIntegrationTests {

	@Test
	void killJvmWhenClusterRunningThenWatchdogsKillEveryServerWithinSeconds() throws Exception {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath,
				WatchdogChildMain.class.getName());
		builder.redirectErrorStream(true);
		Process child = builder.start();
		List<Long> pids = null;
		Path work = null;
		try {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			String line;
			StringBuilder output = new StringBuilder();
			while ((line = reader.readLine()) != null) {
				output.append(line).append('\n');
				if (line.startsWith("READY ")) {
					String[] parts = line.split(" ");
					pids = Arrays.stream(parts[1].split(",")).map(Long::parseLong).toList();
					work = Paths.get(parts[2]);
					break;
				}
			}
			assertThat(pids).as("child output:%n%s", output).isNotNull().hasSize(2);
			assertThat(pids).allMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
			child.destroyForcibly();
			assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (pids.stream().anyMatch(EmbeddedRedisClusterWatchdogIntegrationTests::alive)
					&& System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(pids).noneMatch(EmbeddedRedisClusterWatchdogIntegrationTests::alive);
			Path workDirectory = work;
			while (Files.exists(workDirectory) && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(workDirectory).doesNotExist();
		}
		finally {
			child.destroyForcibly();
			if (pids != null) {
				for (long pid : pids) {
					ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
				}
			}
		}
	}

	private static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
