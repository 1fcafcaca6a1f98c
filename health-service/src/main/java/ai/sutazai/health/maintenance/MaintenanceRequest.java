package ai.sutazai.health.maintenance;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST} and {@code PUT /api/v1/system/maintenance-windows}: times are ISO-8601 instants
 * (parsed by the service, so a bad one is named precisely); no {@code probes} means every probe.
 */
public record MaintenanceRequest(@Size(max = 500) List<String> probes, @NotNull String startsAt,
        @NotNull String endsAt, @NotBlank @Size(max = 500) String reason) {
}
