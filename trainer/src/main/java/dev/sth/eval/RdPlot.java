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
        JFreeChart psnr = chart(title + ": PSNR-RGB", "PSNR-RGB (dB)", curves, RdCurve.PSNR);
        JFreeChart msssim = chart(title + ": MS-SSIM", "MS-SSIM (dB)", curves, RdCurve.MS_SSIM_DB);
        BufferedImage img = new BufferedImage(1600, 650, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        psnr.draw(g, new java.awt.Rectangle(0, 0, 800, 650));
        msssim.draw(g, new java.awt.Rectangle(800, 0, 800, 650));
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static JFreeChart chart(String title, String yLabel, List<RdCurve> curves, String metric) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RdCurve c : curves) {
            List<Double> x = c.get(RdCurve.BPP);
            List<Double> y = c.get(metric);
            if (y.size() != x.size() || x.isEmpty()) continue;
            XYSeries s = new XYSeries(c.name(), true, true);
            for (int i = 0; i < x.size(); i++) s.add(x.get(i), y.get(i));
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "bits per pixel", yLabel, data,
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
