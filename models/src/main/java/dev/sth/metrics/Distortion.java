package dev.sth.metrics;

/** Distortion term of the loss: MSE for the PSNR family, 1 − MS-SSIM for the MS-SSIM family. */
public enum Distortion {
    MSE,
    MS_SSIM
}
