package ai.sutazai.commons.config;

/** One thing wrong with a setting: which variable, what is wrong, and how to fix it. */
public record ConfigProblem(String variable, String problem, String fix) {

    /** The line shown to the operator. */
    public String describe() {
        // ASCII only: the message must read the same on a console without a UTF-8 locale.
        return variable + " " + problem + " - " + fix;
    }
}
