package ai.sutazai.mcp.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.quarkus.logging.Log;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * stdio transport that owns its child process. The SDK's {@code StdioClientTransport} inherits the
 * whole parent environment, stops reading at the first non-JSON line and cannot kill a process tree
 * (pitfalls R12), so the bridge brings its own:
 * <ul>
 * <li>the child runs under {@code setsid}, so it leads its own process group and a stop reaches its children;</li>
 * <li>its environment is {@link ChildEnvironment}'s allow-list plus the entry's {@code env};</li>
 * <li>stdout is read line by line and a line that is not JSON-RPC is logged and skipped;</li>
 * <li>stderr goes to a bounded {@link StderrTail} and the log;</li>
 * <li>stopping closes stdin, then sends SIGTERM, then SIGKILL to the whole group, each after a bounded wait.</li>
 * </ul>
 */
public final class StdioProcessTransport implements McpClientTransport {

    private static final Path SETSID = findSetsid();

    private final String serverName;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final McpJsonMapper jsonMapper;
    private final StderrTail stderr;
    private final Duration stopGrace;
    private final ExecutorService writer;
    private final Scheduler writerScheduler;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    // The SDK connects in the background and sends initialize at once; writes wait for the process.
    private final CompletableFuture<Process> started = new CompletableFuture<>();

    private volatile Process process;
    private volatile boolean closing;

    public StdioProcessTransport(String serverName, List<String> command, Map<String, String> environment,
            Path workingDirectory, McpJsonMapper jsonMapper, StderrTail stderr, Duration stopGrace) {
        this.serverName = serverName;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.jsonMapper = jsonMapper;
        this.stderr = stderr;
        this.stopGrace = stopGrace;
        this.writer = Executors.newSingleThreadExecutor(daemon("mcp-" + serverName + "-stdin"));
        this.writerScheduler = Schedulers.fromExecutorService(writer);
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return Mono.<Void>fromRunnable(() -> start(handler)).subscribeOn(Schedulers.boundedElastic());
    }

    private void start(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        List<String> fullCommand = new ArrayList<>();
        if (SETSID != null) {
            fullCommand.add(SETSID.toString());
        }
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            IllegalStateException failure = new IllegalStateException(
                    "cannot start " + command.get(0) + ": " + e.getMessage(), e);
            started.completeExceptionally(failure);
            exit.complete(-1);
            throw failure;
        }
        Log.infof("MCP server %s started as process %d: %s", serverName, process.pid(), String.join(" ", command));
        daemon("mcp-" + serverName + "-stdout").newThread(() -> readStdout(handler)).start();
        daemon("mcp-" + serverName + "-stderr").newThread(this::readStderr).start();
        process.onExit().thenAccept(p -> exit.complete(p.exitValue()));
        started.complete(process);
    }

    private void readStdout(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(jsonMapper, line);
                } catch (IOException | IllegalArgumentException e) {
                    // The spec forbids non-MCP output on stdout, but servers print banners; one stray
                    // line must not end the session.
                    Log.warnf("MCP server %s wrote a line to stdout that is not JSON-RPC; skipped: %s",
                            serverName, abbreviate(line));
                    continue;
                }
                Mono.just(message).transform(handler).subscribe(null,
                        e -> Log.debugf("MCP server %s: handling a message failed: %s", serverName, e));
            }
        } catch (IOException e) {
            if (!closing) {
                Log.debugf("MCP server %s: stdout closed: %s", serverName, e.getMessage());
            }
        }
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stderr.add(line);
                Log.infof("[%s stderr] %s", serverName, abbreviate(line));
            }
        } catch (IOException e) {
            Log.debugf("MCP server %s: stderr closed: %s", serverName, e.getMessage());
        }
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.fromFuture(started, true)
                .flatMap(running -> Mono.<Void>fromRunnable(() -> write(running, message)).subscribeOn(writerScheduler));
    }

    private void write(Process running, JSONRPCMessage message) {
        if (!running.isAlive() || closing) {
            throw new IllegalStateException("MCP server " + serverName + " is not running");
        }
        try {
            // Jackson escapes newlines inside strings, so one message is always one line.
            byte[] json = jsonMapper.writeValueAsBytes(message);
            OutputStream stdin = running.getOutputStream();
            stdin.write(json);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to MCP server " + serverName + " failed: " + e.getMessage(), e);
        }
    }

    /** Completes with the exit code once the process has ended (-1 when it never started). */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** The process id, or -1 before start. */
    public long pid() {
        Process running = process;
        return running == null ? -1 : running.pid();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.<Void>fromRunnable(this::stop).subscribeOn(Schedulers.boundedElastic());
    }

    /** Stops the process and everything it started, within about three times the stop grace. */
    public void stop() {
        closing = true;
        Process running = process;
        writer.shutdownNow();
        started.completeExceptionally(new IllegalStateException("MCP server " + serverName + " was stopped"));
        if (running == null) {
            return;
        }
        long group = running.pid();
        List<ProcessHandle> descendants = running.descendants().toList();
        try {
            running.getOutputStream().close();
        } catch (IOException e) {
            Log.debugf("MCP server %s: closing stdin failed: %s", serverName, e.getMessage());
        }
        if (!waitFor(running)) {
            signal(group, descendants, "TERM");
            if (!waitFor(running)) {
                Log.warnf("MCP server %s did not stop on SIGTERM within %s; sending SIGKILL", serverName, stopGrace);
            }
        }
        // The leader may be gone while its children still run; the group signal reaches them too.
        signal(group, descendants, "KILL");
        waitFor(running);
    }

    private boolean waitFor(Process running) {
        try {
            return running.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(long group, List<ProcessHandle> descendants, String signal) {
        if (SETSID != null) {
            try {
                new ProcessBuilder("kill", "-" + signal, "--", "-" + group).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
            } catch (IOException e) {
                Log.warnf("MCP server %s: kill -%s of process group %d failed: %s", serverName, signal, group,
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Without setsid (or for anything that left the group) fall back to the snapshot of the tree.
        ProcessHandle.of(group).ifPresent(handle -> destroy(handle, signal));
        descendants.forEach(handle -> destroy(handle, signal));
    }

    private static void destroy(ProcessHandle handle, String signal) {
        if (signal.equals("KILL")) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return jsonMapper.convertValue(data, typeRef);
    }

    private static String abbreviate(String line) {
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Log.warn("setsid was not found: stdio MCP servers share the service's process group, and stopping"
                + " one reaches only the processes it had started when the stop began");
        return null;
    }
}
