package ai.sutazai.agent.openai;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI's Chat Completions request, as far as platform agents take it: {@code model} names an
 * agent; {@code tools} are the client's own (the model's calls of them come back as
 * {@code tool_calls}, for the client to run); other fields OpenAI defines and agents cannot honour
 * (logprobs, tool_choice...) are ignored.
 */
public record CompletionRequest(
        @NotBlank String model,
        @NotEmpty List<@NotNull @Valid Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @JsonProperty("max_tokens") @Min(1) @Max(1_000_000) Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Min(1) @Max(1_000_000) Integer maxCompletionTokens,
        @Min(value = 1, message = "must be 1: agents give one answer") @Max(value = 1, message = "must be 1: agents give one answer") Integer n,
        List<@NotNull JsonNode> tools) {

    /**
     * A message: {@code content} is a string or a list of parts, of which only text parts are taken
     * (null: an assistant's empty turn, or one that only calls tools); an assistant's {@code tool_calls}
     * and a {@code tool} message's {@code tool_call_id} carry a client's tool round trip.
     */
    public record Message(
            @NotNull @Pattern(regexp = "system|developer|user|assistant|tool", message = "must be system, developer, user, assistant or tool") String role,
            JsonNode content,
            @JsonProperty("tool_calls") List<@NotNull JsonNode> toolCalls,
            @JsonProperty("tool_call_id") @Size(max = 200) String toolCallId) {
    }

    /** {@code stream_options}: with {@code include_usage}, a last chunk carries the usage. */
    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    /** The most tokens to generate: {@code max_completion_tokens}, or the older {@code max_tokens}. */
    Integer tokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** Whether the stream ends with a usage chunk. */
    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
