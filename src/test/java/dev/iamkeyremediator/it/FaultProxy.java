package dev.iamkeyremediator.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A loopback HTTP proxy in front of moto that can delay every call and answer chosen calls with an error, as a
 * remote AWS endpoint would. It counts calls per operation (as they arrive, retries included) and faults injected.
 */
public final class FaultProxy implements AutoCloseable {

    /**
     * What to do with one call: pass it on (after an optional delay), answer with an error, or answer with a body of
     * the test's choosing.
     */
    public record Fault(int status, String code, String message, Duration delay, boolean afterForwarding, String body) {
        public static Fault pass() {
            return new Fault(0, null, null, Duration.ZERO, false, null);
        }

        public static Fault delay(Duration delay) {
            return new Fault(0, null, null, delay, false, null);
        }

        /** The call never reaches the service. */
        public static Fault error(int status, String code, String message) {
            return new Fault(status, code, message, Duration.ZERO, false, null);
        }

        /** The service does the work, but the answer is lost and replaced by an error: the client must retry safely. */
        public static Fault errorAfterForwarding(int status, String code, String message) {
            return new Fault(status, code, message, Duration.ZERO, true, null);
        }

        /** The call never reaches the service; the client gets this answer instead (a malformed or odd one). */
        public static Fault answer(int status, String body) {
            return new Fault(status, "answer", null, Duration.ZERO, false, body);
        }

        boolean isError() {
            return status != 0;
        }
    }

    /** One call as the proxy saw it: service (from the signing scope), operation, and form parameters. */
    public record Call(String service, String operation, Map<String, String> params) {
        public String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().executor(workers).connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private volatile Duration latency = Duration.ZERO;
    private volatile Function<Call, Fault> faults = call -> Fault.pass();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> actions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

    public FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A fixed delay added to every call. */
    public FaultProxy latency(Duration value) {
        this.latency = value;
        return this;
    }

    public FaultProxy faults(Function<Call, Fault> value) {
        this.faults = value;
        return this;
    }

    public Map<String, Long> calls() {
        return snapshot(calls);
    }

    /** Calls per {@code service:Operation} (the service from the signature's scope), as IAM policies name actions. */
    public Map<String, Long> actions() {
        return snapshot(actions);
    }

    public Map<String, Long> injected() {
        return snapshot(injected);
    }

    public long calls(String operation) {
        return calls.getOrDefault(operation, new AtomicLong()).get();
    }

    public void clearCounts() {
        calls.clear();
        actions.clear();
        injected.clear();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Call call = identify(exchange, body);
            calls.computeIfAbsent(call.operation(), k -> new AtomicLong()).incrementAndGet();
            actions.computeIfAbsent(call.service() + ":" + call.operation(), k -> new AtomicLong()).incrementAndGet();
            Fault fault = faults.apply(call);
            sleep(latency.plus(fault.delay()));
            if (fault.isError()) {
                injected.computeIfAbsent(call.operation() + " " + fault.status() + " " + fault.code()
                        + (fault.afterForwarding() ? " (after the work was done)" : ""), k -> new AtomicLong())
                        .incrementAndGet();
                if (fault.afterForwarding()) {
                    forwardOnly(exchange, body);
                }
                answerError(exchange, call, fault);
                return;
            }
            forward(exchange, body);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private void forwardOnly(HttpExchange exchange, byte[] body) throws IOException {
        try {
            http.send(request(exchange, body), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private HttpRequest request(HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request.build();
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request(exchange, body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /**
     * The error as the service would send it: XML for the query protocols (IAM, SNS, STS), JSON for SSM, KMS and
     * Security Hub; or the fault's own body.
     */
    private static void answerError(HttpExchange exchange, Call call, Fault fault) throws IOException {
        byte[] answer;
        if (fault.body() != null) {
            exchange.getResponseHeaders().add("Content-Type", call.service().equals("ssm")
                    ? "application/x-amz-json-1.1" : "application/json");
            answer = fault.body().getBytes(StandardCharsets.UTF_8);
        } else if (List.of("ssm", "kms", "securityhub").contains(call.service())) {
            exchange.getResponseHeaders().add("Content-Type", call.service().equals("securityhub")
                    ? "application/json" : "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-ErrorType", fault.code());
            answer = "{\"__type\":\"%s\",\"message\":\"%s\"}".formatted(fault.code(), fault.message())
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            answer = ("<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>"
                    + "<RequestId>fault-proxy</RequestId></ErrorResponse>")
                    .formatted(fault.status() >= 500 ? "Receiver" : "Sender", fault.code(), fault.message())
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(fault.status(), answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static Call identify(HttpExchange exchange, byte[] body) {
        String auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        // Credential=AKID/20261123/us-east-1/iam/aws4_request
        String service = "unknown";
        int credential = auth.indexOf("Credential=");
        if (credential >= 0) {
            String[] scope = auth.substring(credential + 11).split("[,\\s]")[0].split("/");
            if (scope.length >= 4) {
                service = scope[3];
            }
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return new Call(service, target.substring(target.indexOf('.') + 1), Map.of());
        }
        Map<String, String> params = new TreeMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String action = params.get("Action");
        return new Call(service, action != null ? action
                : exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(), Map.copyOf(params));
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.close();
    }
}
