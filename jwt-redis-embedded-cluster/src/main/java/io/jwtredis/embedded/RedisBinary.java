package io.jwtredis.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Locates the {@code redis-server} executable bundled in the embedded-redis jar and
 * copies it once into a content-addressed cache directory under {@code java.io.tmpdir}.
 */
final class RedisBinary {

	/** System property naming an explicit {@code redis-server} executable to use. */
	static final String EXECUTABLE_PROPERTY = "jwt.redis.embedded.executable";

	private static final String LINUX_AMD64 = "redis-server-6.2.6-v5-linux-amd64";

	private static final String LINUX_ARM64 = "redis-server-6.2.7-linux-arm64";

	private static final String DARWIN_AMD64 = "redis-server-6.2.6-v5-darwin-amd64";

	private static final String DARWIN_ARM64 = "redis-server-6.2.6-v5-darwin-arm64";

	private static @Nullable Path cached;

	private RedisBinary() {
	}

	/**
	 * Return the path of an executable {@code redis-server}, extracting it when needed.
	 * @return the executable path
	 */
	static synchronized Path executable() {
		if (cached != null && Files.isExecutable(cached)) {
			return cached;
		}
		String explicit = System.getProperty(EXECUTABLE_PROPERTY);
		if (explicit != null && !explicit.isBlank()) {
			Path path = Paths.get(explicit);
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException("redis-server executable " + path + " (from system property "
						+ EXECUTABLE_PROPERTY + ") is not executable");
			}
			cached = path;
			return path;
		}
		try {
			cached = extract(resourceName());
			return cached;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract the redis-server executable", ex);
		}
	}

	private static String resourceName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean arm = arch.contains("aarch64") || arch.contains("arm64");
		boolean amd64 = arch.contains("amd64") || arch.contains("x86_64");
		if (os.contains("linux") && amd64) {
			return LINUX_AMD64;
		}
		if (os.contains("linux") && arm) {
			return LINUX_ARM64;
		}
		if ((os.contains("mac") || os.contains("darwin")) && amd64) {
			return DARWIN_AMD64;
		}
		if ((os.contains("mac") || os.contains("darwin")) && arm) {
			return DARWIN_ARM64;
		}
		throw new IllegalStateException("No bundled redis-server for os.name=" + os + ", os.arch=" + arch
				+ "; set system property " + EXECUTABLE_PROPERTY + " to a redis-server 6.2+ executable");
	}

	private static Path extract(String resource) throws IOException {
		byte[] content;
		try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Resource " + resource
						+ " not found on the class path; is com.github.codemonstur:embedded-redis present?");
			}
			content = in.readAllBytes();
		}
		String digest = sha256(content).substring(0, 16);
		Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "jwt-redis-embedded-bin");
		Files.createDirectories(dir);
		Path target = dir.resolve(resource + "-" + digest);
		if (Files.isExecutable(target) && Files.size(target) == content.length) {
			return target;
		}
		Path temp = Files.createTempFile(dir, resource, ".tmp");
		try {
			Files.write(temp, content);
			if (!temp.toFile().setExecutable(true, false)) {
				throw new IOException("Could not make " + temp + " executable");
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
		return target;
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
