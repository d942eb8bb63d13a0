// RFC 9162 inclusion proofs and Ed25519 checkpoint signatures, with Web Crypto.
// leaf_hash = SHA-256(0x00 ‖ envelope hash); node = SHA-256(0x01 ‖ left ‖ right).

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 || /[^0-9a-f]/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}
export const bytesToHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export async function sha256(...parts) {
  const len = parts.reduce((s, p) => s + p.length, 0);
  const buf = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { buf.set(p, o); o += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

export const leafHash = (entryHash) => sha256(Uint8Array.of(0), entryHash);
const node = (l, r) => sha256(Uint8Array.of(1), l, r);

// RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null if it cannot.
export async function rootFromInclusion(leafIndex, treeSize, leaf, path) {
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  if (fn > sn) return null;
  let r = leaf;
  for (const hex of path) {
    const p = hexToBytes(hex);
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await node(p, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await node(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

// true / false, or null when this browser's Web Crypto has no Ed25519.
export async function verifyEd25519(publicKeyHex, signatureHex, message) {
  let key;
  try {
    key = await crypto.subtle.importKey('raw', hexToBytes(publicKeyHex), { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e instanceof Error && /not.?supported|unrecognized|algorithm/i.test(e.name + e.message)) return null;
    return false; // a malformed key
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, hexToBytes(signatureHex), new TextEncoder().encode(message));
}
