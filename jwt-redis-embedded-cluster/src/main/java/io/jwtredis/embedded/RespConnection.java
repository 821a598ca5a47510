package io.jwtredis.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * A minimal synchronous RESP2 client over one socket, used to drive the embedded nodes.
 */
final class RespConnection implements AutoCloseable {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RespConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
		this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
	}

	/**
	 * Open a connection and authenticate when a password is given.
	 * @param host the host
	 * @param port the port
	 * @param password the password of the default user, or {@code null} for none
	 * @param sslContext the TLS context, or {@code null} for plain TCP
	 * @param timeout connect and read timeout
	 * @return the open connection
	 * @throws IOException on a connection failure
	 */
	static RespConnection open(String host, int port, @Nullable String password, @Nullable SSLContext sslContext,
			Duration timeout) throws IOException {
		int millis = (int) Math.max(1, timeout.toMillis());
		Socket plain = new Socket();
		try {
			plain.setTcpNoDelay(true);
			plain.connect(new InetSocketAddress(host, port), millis);
			plain.setSoTimeout(millis);
			Socket socket = plain;
			if (sslContext != null) {
				SSLSocket ssl = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, host, port, true);
				SSLParameters parameters = ssl.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				ssl.setSSLParameters(parameters);
				ssl.setSoTimeout(millis);
				ssl.startHandshake();
				socket = ssl;
			}
			RespConnection connection = new RespConnection(socket);
			if (password != null) {
				try {
					connection.execute("AUTH", password);
				}
				catch (RuntimeException ex) {
					connection.close();
					throw ex;
				}
			}
			return connection;
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(plain);
			throw ex;
		}
	}

	/**
	 * Send one command and read its reply.
	 * @param args the command name and arguments
	 * @return the decoded reply
	 * @throws IOException on a connection failure
	 * @throws RedisCommandException when Redis replies with an error
	 */
	@Nullable Object execute(String... args) throws IOException {
		write(args);
		return read();
	}

	private void write(String... args) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
		buffer.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			buffer.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			buffer.write(bytes);
			buffer.write('\r');
			buffer.write('\n');
		}
		buffer.writeTo(this.out);
		this.out.flush();
	}

	private @Nullable Object read() throws IOException {
		int type = this.in.read();
		if (type == -1) {
			throw new EOFException("Connection closed by Redis");
		}
		String line = readLine();
		switch (type) {
			case '+':
				return line;
			case '-':
				throw new RedisCommandException(line);
			case ':':
				return Long.parseLong(line);
			case '$': {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] data = this.in.readNBytes(length);
				if (data.length != length) {
					throw new EOFException("Connection closed by Redis");
				}
				readLine();
				return new String(data, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(line);
				if (count < 0) {
					return null;
				}
				List<@Nullable Object> items = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					Object item;
					try {
						item = read();
					}
					catch (RedisCommandException ex) {
						item = ex;
					}
					items.add(item);
				}
				return items;
			}
			default:
				throw new IOException("Unexpected RESP type byte " + type);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(32);
		while (true) {
			int b = this.in.read();
			if (b == -1) {
				throw new EOFException("Connection closed by Redis");
			}
			if (b == '\r') {
				int next = this.in.read();
				if (next == '\n') {
					return line.toString(StandardCharsets.UTF_8);
				}
				line.write(b);
				if (next == -1) {
					throw new EOFException("Connection closed by Redis");
				}
				line.write(next);
			}
			else {
				line.write(b);
			}
		}
	}

	@Override
	public void close() {
		closeQuietly(this.socket);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing more to release
		}
	}

}
