package dev.sth.trainer;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"sth-trainer " + (v != null ? v : "(development build)")};
    }
}
