package ai.sutazai.agent.tools;

/** A tool call that cannot be done as asked: its message goes back to the model as the tool's error. */
class ToolError extends RuntimeException {

    ToolError(String message) {
        super(message);
    }
}
