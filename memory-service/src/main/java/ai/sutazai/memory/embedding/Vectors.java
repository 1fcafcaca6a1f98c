package ai.sutazai.memory.embedding;

/** Conversions between the model's {@code float[]} and the {@code real[]} column's {@code Float[]}. */
public final class Vectors {

    private Vectors() {
    }

    /** The vector as the PostgreSQL client binds a {@code real[]}. */
    public static Float[] boxed(float[] vector) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        return boxed;
    }

    /** A stored vector scaled to length 1, so a dot product with another unit vector is their cosine. */
    public static float[] unit(Float[] stored) {
        double norm = 0;
        for (Float value : stored) {
            norm += value * value;
        }
        double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
        float[] unit = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            unit[i] = (float) (stored[i] * scale);
        }
        return unit;
    }
}
