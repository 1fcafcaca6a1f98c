package ai.sutazai.health.host;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.common.annotation.Blocking;

/** The CPU, memory, disks and container limits of the host this service runs on. */
@Path("/api/v1/hardware")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    private final HostService host;

    public HostResource(HostService host) {
        this.host = host;
    }

    @GET
    // Reading files and asking a file system for its space (statfs, which can hang on a network mount) block.
    @Blocking
    @Operation(summary = "CPU, load, memory, swap, disks, uptime, JVM heap and container limits of this host",
            description = "Bytes are integers, uptimeSeconds and intervalSeconds are seconds, measuredAt is ISO-8601. "
                    + "CPU usage is the share of the last sampling interval the CPUs were busy. A figure that cannot "
                    + "be read (not Linux, unreadable file) is null and named in unavailable with the reason.")
    public HostReport report() {
        return host.report();
    }
}
