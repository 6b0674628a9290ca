package dev.sth.train;

import java.util.Arrays;

/** Lloyd's k-means for initialising quantization centers from warm-up latents (method.md). */
public final class KMeans {

    private KMeans() {
    }

    /**
     * @param points n points of dimension d, row-major
     * @return k centers, row-major, sorted by their first coordinate
     */
    public static float[] fit(float[] points, int d, int k, int iterations) {
        int n = points.length / d;
        if (n < k) throw new IllegalArgumentException("k-means needs at least " + k + " points, got " + n);
        // Initialise at quantiles of the first coordinate: deterministic and spread over the data.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(points[a * d], points[b * d]));
        float[] centers = new float[k * d];
        for (int j = 0; j < k; j++) {
            int idx = order[(int) ((j + 0.5) * n / k)];
            System.arraycopy(points, idx * d, centers, j * d, d);
        }
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int it = 0; it < iterations; it++) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int best = nearest(points, i, centers, d, k);
                counts[best]++;
                for (int t = 0; t < d; t++) sums[best * d + t] += points[i * d + t];
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] == 0) continue; // keep an empty center where it is
                for (int t = 0; t < d; t++) centers[j * d + t] = (float) (sums[j * d + t] / counts[j]);
            }
        }
        return dev.sth.model.Quantizer.sortedCenters(centers, d);
    }

    private static int nearest(float[] p, int i, float[] c, int d, int k) {
        int best = 0;
        double bestDist = Double.MAX_VALUE;
        for (int j = 0; j < k; j++) {
            double dist = 0;
            for (int t = 0; t < d; t++) {
                double diff = p[i * d + t] - c[j * d + t];
                dist += diff * diff;
            }
            if (dist < bestDist) {
                bestDist = dist;
                best = j;
            }
        }
        return best;
    }
}
