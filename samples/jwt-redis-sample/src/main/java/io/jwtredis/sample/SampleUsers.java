package io.jwtredis.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sample's users, from {@code sample.users.<name>.password} and
 * {@code sample.users.<name>.scopes}.
 *
 * @param users the users by name
 */
@ConfigurationProperties("sample")
public record SampleUsers(Map<String, User> users) {

	public SampleUsers {
		users = (users != null) ? new LinkedHashMap<>(users) : Map.of();
	}

	/**
	 * Return the scopes of a user whose password matches.
	 * @param username the user name
	 * @param password the password
	 * @return the scopes, or empty if the credentials are wrong
	 */
	public Optional<List<String>> authenticate(String username, String password) {
		User user = this.users.get(username);
		byte[] expected = ((user != null) ? user.password() : "\u0000").getBytes(StandardCharsets.UTF_8);
		boolean matches = MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
		return (user != null && matches) ? Optional.of(user.scopes()) : Optional.empty();
	}

	/**
	 * One user.
	 *
	 * @param password the password
	 * @param scopes the scopes granted at login
	 */
	public record User(String password, List<String> scopes) {

		public User {
			scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
		}

	}

}
