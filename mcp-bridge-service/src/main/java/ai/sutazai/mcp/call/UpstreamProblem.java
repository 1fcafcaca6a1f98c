package ai.sutazai.mcp.call;

import java.util.List;
import java.util.Map;

import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/** A problem answer for a failed call to a server, which also says how the call ended. */
public class UpstreamProblem extends ProblemException {

    private final CallOutcome outcome;

    public UpstreamProblem(CallOutcome outcome, ProblemType type, String detail, Map<String, String> headers) {
        super(type, detail, List.of(), headers);
        this.outcome = outcome;
    }

    /** How the call ended. */
    public CallOutcome outcome() {
        return outcome;
    }
}
