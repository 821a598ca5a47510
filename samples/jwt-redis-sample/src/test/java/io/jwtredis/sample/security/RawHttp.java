package io.jwtredis.sample.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends one HTTP/1.1 request byte for byte over a socket, so that tests can send headers
 * no HTTP client would.
 */
final class RawHttp {

	private RawHttp() {
	}

	static Response send(int port, String method, String path, List<String> headers) throws IOException {
		StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
		request.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\nContent-Length: 0\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.toString().getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before it has read an oversize request.
			}
			return read(socket.getInputStream());
		}
	}

	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (SocketException ex) {
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		String text = bytes.toString(StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		String head = (end >= 0) ? text.substring(0, end) : text;
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		List<String> headerLines = new ArrayList<>(List.of(lines).subList(1, lines.length));
		return new Response(status, headerLines, (end >= 0) ? text.substring(end + 4) : "");
	}

	record Response(int status, List<String> headers, String body) {

		String header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headers.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).trim())
				.findFirst()
				.orElse(null);
		}

	}

}
