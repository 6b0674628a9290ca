package dev.sth.model;

import java.util.Arrays;

/**
 * Per-channel multipliers of a kernel's grid step, one per input channel (the second-to-last axis) and
 * one per output channel (the last axis): weight (…, i, o) lies on the grid of step Δ · in[i] · out[o].
 * Channels differ widely in how much a weight error costs (a channel a ReLU never opens costs
 * nothing), so one step per kernel over-spends bits on most of them.
 *
 * <p>Each multiplier is stored as one byte, 2^((code − 128) / 8): an eighth of an octave is finer
 * than the allocation needs, and StrictMath makes the decoded value the same on every machine.
 */
public record ChannelScales(byte[] in, byte[] out) {

    public ChannelScales {
        if (in.length == 0 || out.length == 0) throw new IllegalArgumentException("channel scales need both axes");
    }

    /** The multiplier a code stands for. */
    public static float value(int code) {
        return (float) StrictMath.pow(2, ((code & 0xff) - 128) / 8.0);
    }

    /** The code nearest to a multiplier, clamped to the byte's range. */
    public static byte code(double scale) {
        long c = Math.round(8 * Math.log(scale) / Math.log(2)) + 128;
        return (byte) Math.max(0, Math.min(255, c));
    }

    /** Codes for multipliers (rounded to the stored resolution). */
    public static ChannelScales of(double[] in, double[] out) {
        byte[] i = new byte[in.length];
        byte[] o = new byte[out.length];
        for (int k = 0; k < in.length; k++) i[k] = code(in[k]);
        for (int k = 0; k < out.length; k++) o[k] = code(out[k]);
        return new ChannelScales(i, o);
    }

    public float[] inValues() {
        return values(in);
    }

    public float[] outValues() {
        return values(out);
    }

    /** The multiplier in[i] · out[o] of every element of a row-major tensor whose last two axes are in × out. */
    public float[] perElement(long count) {
        float[] iv = inValues();
        float[] ov = outValues();
        float[] m = new float[(int) count];
        for (int e = 0; e < m.length; e++) m[e] = iv[(e / ov.length) % iv.length] * ov[e % ov.length];
        return m;
    }

    /** Whether these scales fit a tensor of {@code shape} (rank ≥ 2: … × in × out). */
    public boolean fits(long[] shape) {
        return shape.length >= 2 && shape[shape.length - 2] == in.length && shape[shape.length - 1] == out.length;
    }

    private static float[] values(byte[] codes) {
        float[] v = new float[codes.length];
        for (int k = 0; k < codes.length; k++) v[k] = value(codes[k]);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScales s && Arrays.equals(in, s.in) && Arrays.equals(out, s.out);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(in) * 31 + Arrays.hashCode(out);
    }
}
