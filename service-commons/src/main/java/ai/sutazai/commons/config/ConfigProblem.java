package ai.sutazai.commons.config;

/** One thing wrong with a setting: which variable, what is wrong, and how to fix it. */
public record ConfigProblem(String variable, String problem, String fix) {

    /** The line shown to the operator. */
    public String describe() {
        return variable + " " + problem + " — " + fix;
    }
}
