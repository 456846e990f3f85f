package io.codecheck.ra.pg;

import java.util.Arrays;
import java.util.Base64;

import javax.transaction.xa.Xid;

/**
 * An XA branch's name as a PostgreSQL prepared-transaction identifier: {@code formatId_gtrid_bqual}, the two ids in
 * Base64, as pgjdbc writes them, so that branches prepared by either can be recovered by either. Base64 and digits
 * need no quoting inside the SQL string literal.
 */
public final class XidCodec {
    private XidCodec() {
    }

    public static String encode(Xid xid) {
        Base64.Encoder b64 = Base64.getEncoder();
        return xid.getFormatId() + "_" + b64.encodeToString(xid.getGlobalTransactionId()) + "_"
                + b64.encodeToString(xid.getBranchQualifier());
    }

    /** The branch a prepared transaction's gid names, or null when some other software prepared it. */
    public static Xid decode(String gid) {
        String[] parts = gid.split("_", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            Branch branch = new Branch(Integer.parseInt(parts[0]), b64.decode(parts[1]), b64.decode(parts[2]));
            // only what encodes back to the same gid: COMMIT PREPARED names the branch by that spelling
            return encode(branch).equals(gid) ? branch : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A recovered branch; equal to any Xid with the same three parts. */
    public static final class Branch implements Xid {
        private final int formatId;
        private final byte[] gtrid;
        private final byte[] bqual;

        public Branch(int formatId, byte[] gtrid, byte[] bqual) {
            this.formatId = formatId;
            this.gtrid = gtrid.clone();
            this.bqual = bqual.clone();
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Xid x && same(this, x);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
        }

        @Override
        public String toString() {
            return "Xid[" + encode(this) + "]";
        }
    }

    /** Whether two transaction branch identifiers name the same branch, whatever their classes. */
    public static boolean same(Xid a, Xid b) {
        return a != null && b != null && a.getFormatId() == b.getFormatId()
                && java.util.Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && java.util.Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
    }
}
