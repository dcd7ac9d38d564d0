package dev.iamkeyremediator.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API on loopback, as the Lambda service serves it to a function's runtime client: it hands out
 * the given events one by one (GET .../invocation/next) and records what the function answers (POST .../response or
 * .../error). Once the events are all handed out, the next GET waits until {@link #close()}.
 */
public final class FakeLambdaRuntime implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the function answered to one event. */
    public record Answer(String requestId, boolean error, String body, Instant at) {
    }

    private final HttpServer server;
    private final BlockingQueue<byte[]> events = new LinkedBlockingQueue<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final CountDownLatch answered;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile String initError;

    public FakeLambdaRuntime(List<String> eventBodies) throws IOException {
        eventBodies.forEach(e -> events.add(e.getBytes(StandardCharsets.UTF_8)));
        answered = new CountDownLatch(eventBodies.size());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API for the function's process. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits for an answer to every event; false if they did not all come in time. */
    public boolean awaitAnswers(Duration timeout) throws InterruptedException {
        return answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The answers, by request id ({@code request-1}, {@code request-2}, ... in the order of the events). */
    public Map<String, Answer> answers() {
        return Map.copyOf(answers);
    }

    /** What the runtime client reported if the function could not even start. */
    public String initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("invocation/next")) {
                byte[] event = events.poll();
                if (event == null) {
                    closed.await(); // no more work: hold the client until the test ends
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                String id = "request-" + next.incrementAndGet();
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", id);
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + Duration.ofMinutes(15).toMillis()));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:iam-key-remediator:live");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, event.length == 0 ? -1 : event.length);
                if (event.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(event);
                    }
                }
                return;
            }
            if (path.equals("init/error")) {
                initError = new String(body, StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            String[] parts = path.split("/"); // invocation/<id>/response or invocation/<id>/error
            if (parts.length == 3 && parts[0].equals("invocation")) {
                answers.put(parts[1], new Answer(parts[1], parts[2].equals("error"), new String(body, StandardCharsets.UTF_8),
                        Instant.now()));
                answered.countDown();
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            exchange.sendResponseHeaders(404, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
