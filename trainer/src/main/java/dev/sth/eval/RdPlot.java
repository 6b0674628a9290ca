package dev.sth.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws bpp vs PSNR-RGB and bpp vs MS-SSIM (dB) side by side with JFreeChart. */
public final class RdPlot {

    private RdPlot() {
    }

    public static void write(Path file, String title, List<RdCurve> curves) throws IOException {
        writeSideBySide(file, chart(title + ": PSNR-RGB", "PSNR-RGB (dB)", curves, RdCurve.PSNR),
                chart(title + ": MS-SSIM", "MS-SSIM (dB)", curves, RdCurve.MS_SSIM_DB));
    }

    /**
     * Learning curves: validation PSNR and real validation bpp against training hours, side by side,
     * one series per run.
     */
    public static void writeLearningCurves(Path file, String title, List<LearningCurve> curves, String hoursLabel)
            throws IOException {
        List<XYSeries> psnr = new java.util.ArrayList<>();
        List<XYSeries> bpp = new java.util.ArrayList<>();
        for (LearningCurve c : curves) {
            XYSeries p = new XYSeries(c.name(), true, true);
            XYSeries b = new XYSeries(c.name(), true, true);
            for (LearningCurve.Point pt : c.points()) {
                p.add(pt.hours(), pt.psnr());
                b.add(pt.hours(), pt.bpp());
            }
            psnr.add(p);
            bpp.add(b);
        }
        writeSideBySide(file, lineChart(title + ": validation PSNR", hoursLabel, "PSNR-RGB (dB)", psnr),
                lineChart(title + ": validation rate (real coded)", hoursLabel, "bits per pixel", bpp));
    }

    private static void writeSideBySide(Path file, JFreeChart left, JFreeChart right) throws IOException {
        BufferedImage img = new BufferedImage(1600, 650, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        left.draw(g, new java.awt.Rectangle(0, 0, 800, 650));
        right.draw(g, new java.awt.Rectangle(800, 0, 800, 650));
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static JFreeChart chart(String title, String yLabel, List<RdCurve> curves, String metric) {
        List<XYSeries> series = new java.util.ArrayList<>();
        for (RdCurve c : curves) {
            List<Double> x = c.get(RdCurve.BPP);
            List<Double> y = c.get(metric);
            if (y.size() != x.size() || x.isEmpty()) continue;
            XYSeries s = new XYSeries(c.name(), true, true);
            for (int i = 0; i < x.size(); i++) s.add(x.get(i), y.get(i));
            series.add(s);
        }
        return lineChart(title, "bits per pixel", yLabel, series);
    }

    private static JFreeChart lineChart(String title, String xLabel, String yLabel, List<XYSeries> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) r.setSeriesStroke(i, new BasicStroke(2f));
        plot.setRenderer(r);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }
}
