package conduit.user;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id (RFC 9106, version 0x13) computed in a memory area the caller owns and reuses. Libraries allocate the
 * m KiB of a hash anew on every call (Password4j about five times over): under a burst of logins on a small heap that
 * garbage, alive for the whole hash, is what the collector spends its time copying, not the hash itself. Here each
 * of the few hashing threads keeps one area for good, so a verification allocates a few hundred bytes.
 *
 * <p>BLAKE2b comes from Bouncy Castle. The tests hold this class to the RFC's test vector and to Bouncy Castle's
 * own Argon2 on varied parameters, and check a hash stored by the earlier implementation.
 */
final class Argon2id {

    static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = 1024;
    private static final int SLICES = 4;

    /** The parameters of one hash; memory in KiB. */
    record Parameters(int memoryKiB, int iterations, int lanes, int tagLength) {

        Parameters {
            if (lanes < 1 || lanes > 0xFFFFFF || iterations < 1 || tagLength < 4 || memoryKiB < 8 * lanes) {
                throw new IllegalArgumentException("Argon2 parameters out of range: " + this);
            }
        }

        /** Blocks used: m rounded down to a multiple of 4p. */
        int blocks() {
            return SLICES * lanes * (memoryKiB / (SLICES * lanes));
        }
    }

    /** The work area a hash with these parameters needs, in longs. */
    static int areaLongs(Parameters parameters) {
        return parameters.blocks() * BLOCK_LONGS;
    }

    private final long[] memory;
    private final long[] r = new long[BLOCK_LONGS];
    private final long[] tmp = new long[BLOCK_LONGS];
    private final long[] zero = new long[BLOCK_LONGS];
    private final long[] input = new long[BLOCK_LONGS];
    private final long[] address = new long[BLOCK_LONGS];

    /** A hasher that owns {@code memory}: hashes up to {@code memory.length / 128} blocks; not for two threads at once. */
    Argon2id(long[] memory) {
        this.memory = memory;
    }

    byte[] hash(Parameters p, byte[] password, byte[] salt) {
        return hash(p, password, salt, new byte[0], new byte[0]);
    }

    /** The tag of {@code password} with {@code salt}, secret {@code key} and associated data. */
    byte[] hash(Parameters p, byte[] password, byte[] salt, byte[] key, byte[] associated) {
        int blocks = p.blocks();
        if ((long) blocks * BLOCK_LONGS > memory.length) {
            throw new IllegalArgumentException("a work area of " + memory.length / BLOCK_LONGS + " blocks is too small for " + p);
        }
        int laneLength = blocks / p.lanes();
        int segmentLength = laneLength / SLICES;

        Blake2bDigest h0Digest = new Blake2bDigest(512);
        for (int value : new int[] {p.lanes(), p.tagLength(), p.memoryKiB(), p.iterations(), VERSION, TYPE_ID}) {
            updateInt(h0Digest, value);
        }
        for (byte[] field : new byte[][] {password, salt, key, associated}) {
            updateInt(h0Digest, field.length);
            h0Digest.update(field, 0, field.length);
        }
        byte[] h0 = new byte[72];
        h0Digest.doFinal(h0, 0);

        byte[] block = new byte[BLOCK_BYTES];
        for (int lane = 0; lane < p.lanes(); lane++) {
            for (int column = 0; column < 2; column++) {
                writeInt(h0, 64, column);
                writeInt(h0, 68, lane);
                variableHash(h0, block);
                fromBytes(block, (lane * laneLength + column) * BLOCK_LONGS);
            }
        }

        for (int pass = 0; pass < p.iterations(); pass++) {
            for (int slice = 0; slice < SLICES; slice++) {
                for (int lane = 0; lane < p.lanes(); lane++) {
                    fillSegment(p, blocks, laneLength, segmentLength, pass, slice, lane);
                }
            }
        }

        int last = (laneLength - 1) * BLOCK_LONGS;
        System.arraycopy(memory, last, r, 0, BLOCK_LONGS);
        for (int lane = 1; lane < p.lanes(); lane++) {
            xor(r, memory, (lane * laneLength + laneLength - 1) * BLOCK_LONGS);
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            writeLong(block, i * 8, r[i]);
        }
        byte[] tag = new byte[p.tagLength()];
        variableHash(block, tag);
        return tag;
    }

    private void fillSegment(Parameters p, int blocks, int laneLength, int segmentLength, int pass, int slice, int lane) {
        boolean independent = pass == 0 && slice < SLICES / 2;
        int start = 0;
        if (independent) {
            java.util.Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = p.iterations();
            input[5] = TYPE_ID;
        }
        if (pass == 0 && slice == 0) {
            start = 2;
            if (independent) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int index = start; index < segmentLength; index++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (independent) {
                if (index % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                pseudoRandom = address[index % BLOCK_LONGS];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % p.lanes());
            int referenceIndex = referenceIndex(pass, slice, index, laneLength, segmentLength,
                    pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
            fill(previous * BLOCK_LONGS, (referenceLane * laneLength + referenceIndex) * BLOCK_LONGS,
                    current * BLOCK_LONGS, pass > 0);
        }
    }

    /** RFC 9106 section 3.4.1.2: where in the reference lane the block to mix in is. */
    private static int referenceIndex(int pass, int slice, int index, int laneLength, int segmentLength, long j1,
                                      boolean sameLane) {
        long area;
        if (pass == 0) {
            if (slice == 0) {
                area = index - 1;
            } else if (sameLane) {
                area = (long) slice * segmentLength + index - 1;
            } else {
                area = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            area = laneLength - segmentLength + index - 1;
        } else {
            area = laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long x = (j1 * j1) >>> 32;
        long relative = area - 1 - ((area * x) >>> 32);
        long startPosition = pass == 0 || slice == SLICES - 1 ? 0 : (long) (slice + 1) * segmentLength;
        return (int) ((startPosition + relative) % laneLength);
    }

    /** The next block of pseudo-random reference positions, for the data-independent first half of pass 0. */
    private void nextAddresses() {
        input[6]++;
        compress(zero, 0, input, 0, address, false);
        compress(zero, 0, address, 0, address, false);
    }

    /** memory[next] = G(memory[prev], memory[ref]), XORed into the block's old content after the first pass. */
    private void fill(int prev, int ref, int next, boolean withXor) {
        compress(memory, prev, memory, ref, memory, next, withXor);
    }

    private void compress(long[] x, int xOffset, long[] y, int yOffset, long[] out, boolean withXor) {
        compress(x, xOffset, y, yOffset, out, 0, withXor);
    }

    /** The compression function G of RFC 9106 section 3.5. {@code out} may be {@code y}. */
    private void compress(long[] x, int xOffset, long[] y, int yOffset, long[] out, int outOffset, boolean withXor) {
        for (int i = 0; i < BLOCK_LONGS; i++) {
            r[i] = x[xOffset + i] ^ y[yOffset + i];
        }
        System.arraycopy(r, 0, tmp, 0, BLOCK_LONGS);
        if (withXor) {
            xor(tmp, out, outOffset);
        }
        for (int row = 0; row < 8; row++) {
            int b = 16 * row;
            permute(b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                    b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
        }
        for (int column = 0; column < 8; column++) {
            int b = 2 * column;
            permute(b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49,
                    b + 64, b + 65, b + 80, b + 81, b + 96, b + 97, b + 112, b + 113);
        }
        for (int i = 0; i < BLOCK_LONGS; i++) {
            out[outOffset + i] = tmp[i] ^ r[i];
        }
    }

    /** The permutation P on sixteen words of r (RFC 9106 section 3.6). */
    private void permute(int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7,
                         int v8, int v9, int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v0, v4, v8, v12);
        mix(v1, v5, v9, v13);
        mix(v2, v6, v10, v14);
        mix(v3, v7, v11, v15);
        mix(v0, v5, v10, v15);
        mix(v1, v6, v11, v12);
        mix(v2, v7, v8, v13);
        mix(v3, v4, v9, v14);
    }

    /** GB: BLAKE2b's G with multiplications added. */
    private void mix(int a, int b, int c, int d) {
        long[] v = r;
        v[a] = v[a] + v[b] + 2 * (v[a] & 0xFFFFFFFFL) * (v[b] & 0xFFFFFFFFL);
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d] + 2 * (v[c] & 0xFFFFFFFFL) * (v[d] & 0xFFFFFFFFL);
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + 2 * (v[a] & 0xFFFFFFFFL) * (v[b] & 0xFFFFFFFFL);
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d] + 2 * (v[c] & 0xFFFFFFFFL) * (v[d] & 0xFFFFFFFFL);
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    /** H' of RFC 9106 section 3.3: {@code out.length} bytes from {@code in}. */
    private static void variableHash(byte[] in, byte[] out) {
        int length = out.length;
        if (length <= 64) {
            Blake2bDigest digest = new Blake2bDigest(length * 8);
            updateInt(digest, length);
            digest.update(in, 0, in.length);
            digest.doFinal(out, 0);
            return;
        }
        int full = (length + 31) / 32 - 2;
        byte[] v = new byte[64];
        Blake2bDigest digest = new Blake2bDigest(512);
        updateInt(digest, length);
        digest.update(in, 0, in.length);
        digest.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < full; i++) {
            digest.reset();
            digest.update(v, 0, 64);
            digest.doFinal(v, 0);
            System.arraycopy(v, 0, out, 32 * i, 32);
        }
        int rest = length - 32 * full;
        Blake2bDigest last = new Blake2bDigest(rest * 8);
        last.update(v, 0, 64);
        byte[] tail = new byte[rest];
        last.doFinal(tail, 0);
        System.arraycopy(tail, 0, out, 32 * full, rest);
    }

    private void fromBytes(byte[] block, int offset) {
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long value = 0;
            for (int k = 7; k >= 0; k--) {
                value = (value << 8) | (block[i * 8 + k] & 0xFF);
            }
            memory[offset + i] = value;
        }
    }

    private static void xor(long[] target, long[] source, int offset) {
        for (int i = 0; i < BLOCK_LONGS; i++) {
            target[i] ^= source[offset + i];
        }
    }

    private static void updateInt(Blake2bDigest digest, int value) {
        byte[] bytes = new byte[4];
        writeInt(bytes, 0, value);
        digest.update(bytes, 0, 4);
    }

    private static void writeInt(byte[] target, int offset, int value) {
        for (int k = 0; k < 4; k++) {
            target[offset + k] = (byte) (value >>> (8 * k));
        }
    }

    private static void writeLong(byte[] target, int offset, long value) {
        for (int k = 0; k < 8; k++) {
            target[offset + k] = (byte) (value >>> (8 * k));
        }
    }
}
