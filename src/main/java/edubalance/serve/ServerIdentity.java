package edubalance.serve;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.grpc.NettyClientBuilder;
import org.apache.arrow.memory.BufferAllocator;

/**
 * How a local client makes sure the server its state file names is the server of this lakehouse:
 * it sends a random challenge in the {@value #ACTION} action, and the server answers its pid and
 * the challenge signed (HMAC-SHA256) with the state file's {@code nonce}, which only the server and
 * readers of the file (0600) know. A stale file (the server was killed, its pid and port reused) or
 * a forged one is then refused rather than trusted. The action needs no user: the header
 * {@value #PROBE_HEADER} admits it, and nothing else, without credentials.
 */
public final class ServerIdentity {
  static final String ACTION = "edubalance.identity";
  static final String PROBE_HEADER = "x-edubalance-probe";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ServerIdentity() {}

  /** A new secret for a server's state file. */
  static String newNonce() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The server's answer to a challenge: {@code <pid> <hmac hex>}. */
  static byte[] answer(String nonce, long pid, byte[] challenge) {
    return (pid + " " + sign(nonce, challenge)).getBytes(StandardCharsets.UTF_8);
  }

  private static String sign(String nonce, byte[] challenge) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(nonce.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(challenge));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Flight client builder for the server of {@code state}: TLS trusting its certificate when it serves TLS. */
  public static NettyClientBuilder clientBuilder(BufferAllocator allocator, ServeState state) throws IOException {
    if (!state.tls()) return new NettyClientBuilder(allocator, Location.forGrpcInsecure(state.host(), state.port()));
    NettyClientBuilder b = new NettyClientBuilder(allocator, Location.forGrpcTls(state.host(), state.port())).useTls();
    // The builder reads the stream only when the channel is built: the bytes, not an open file.
    return b.trustedCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(state.tlsCert()))));
  }

  /**
   * Whether the server answering on {@code client} knows the state's nonce and runs as its pid.
   * False for any failure (no answer, a wrong signature, another pid).
   */
  public static boolean verify(FlightClient client, ServeState state) {
    if (state.nonce() == null || state.nonce().isEmpty()) return false;
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    CallHeaders headers = new FlightCallHeaders();
    headers.insert(PROBE_HEADER, "1");
    try {
      Iterator<Result> results = client.doAction(new Action(ACTION, challenge), new HeaderCallOption(headers),
          org.apache.arrow.flight.CallOptions.timeout(10, java.util.concurrent.TimeUnit.SECONDS));
      if (!results.hasNext()) return false;
      byte[] got = results.next().getBody();
      while (results.hasNext()) results.next();
      return MessageDigest.isEqual(got, answer(state.nonce(), state.pid(), challenge));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
