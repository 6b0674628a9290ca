#!/usr/bin/env python3
"""A second, independent .sth v1 reader, written from docs/FORMAT.md alone (no Java consulted).

It decodes the golden test vectors to the same symbols as the Java reference, which checks that the
specification is complete. Slow (pure Python) and minimal: asserts instead of error messages.
Usage: python3 sth_reference_decoder.py [golden-dir]
       python3 sth_reference_decoder.py FILE.sth [PRIORS.bin | MODEL_DIR]   (prints the symbols, comma-separated;
       the decoder tests run this over every golden file and compare with the Java decoder)
"""
import struct, sys
def crc32c(b):
    c=0xFFFFFFFF
    for x in b:
        c^=x
        for _ in range(8): c=(c>>1)^(0x82F63B78 if c&1 else 0)
    return c^0xFFFFFFFF
def read_priors(b):
    assert b[:4]==b'STHP' and crc32c(b[:-4])==struct.unpack('>I',b[-4:])[0]
    mid=b[5]; L=struct.unpack('>I',b[6:10])[0]; slots=struct.unpack('>H',b[10:12])[0]; n=struct.unpack('>I',b[12:16])[0]
    pos=16; ctxs=[]
    for _ in range(n):
        k=b[pos]; pos+=1
        if k==0: ctxs.append(None); continue
        cs=[]
        for _ in range(L):
            v=0; sh=0
            while True:
                x=b[pos]; pos+=1; v|=(x&0x7f)<<sh; sh+=7
                if not x&0x80: break
            cs.append(v)
        ctxs.append(cs)
    return mid,L,slots,ctxs
def read_sth(d):
    assert d[:8]==bytes([0x89,0x53,0x54,0x48,0x0D,0x0A,0x1A,0x0A]) and d[8]==1
    N=struct.unpack('>H',d[10:12])[0]; f=d[12:12+N]
    assert crc32c(d[:12+N])==struct.unpack('>I',d[12+N:16+N])[0]
    W,H,ch,bd,n=struct.unpack('>IIBBB',f[:11]); name=f[11:11+n].decode(); o=11+n+32
    s,C,dd,L,sc,sh,sw,mid,k=struct.unpack('>BHHIHIIHB',f[o:o+22]); o+=22
    params=struct.unpack('>'+'i'*k,f[o:o+4*k])
    assert (sc,sh,sw)==(C//dd,-(-H//s),-(-W//s))
    pos=16+N; payload=None
    while True:
        D=struct.unpack('>I',d[pos:pos+4])[0]; t=d[pos+4:pos+8].decode(); data=d[pos+8:pos+8+D]
        assert crc32c(d[pos:pos+8+D])==struct.unpack('>I',d[pos+8+D:pos+12+D])[0]
        pos+=12+D
        if t=='SYMB': payload=data
        elif t=='SEND': break
    return dict(L=L,shape=(sc,sh,sw),mid=mid,inc=params[0],maxT=params[1],payload=payload,name=name)
def decode(h, priors=None):
    L=h['L']; C,Hh,Ww=h['shape']; inc=h['inc']; maxT=h['maxT']; b=h['payload']
    slots=1 if h['mid']==0 else min(C,64)
    st={'pos':0,'pad':0}
    def nb():
        if st['pos']<len(b): st['pos']+=1; return b[st['pos']-1]
        st['pad']+=1; assert st['pad']<=6; return 0
    rng=(1<<56)-1; code=0
    for _ in range(7): code=(code<<8)|nb()
    tables={}
    S=[[[0]*Ww for _ in range(Hh)] for _ in range(C)]
    m=L//2; bv=min(L,16); bp=min(L,4); T=max(2,L//8)
    for c in range(C):
        for y in range(Hh):
            for x in range(Ww):
                if h['mid']==0: ctx=0
                else:
                    Wn=S[c][y][x-1] if x>0 else m; Nn=S[c][y-1][x] if y>0 else m
                    NW=S[c][y-1][x-1] if x>0 and y>0 else m; NE=S[c][y-1][x+1] if y>0 and x+1<Ww else m
                    P=S[c-1][y][x] if c>0 else m
                    slot=min(c,slots-1); pred=max(min(Wn,Nn),min(max(Wn,Nn),Wn+Nn-NW))
                    a=abs(Wn-NW)+abs(Nn-NW)+abs(NE-Nn); lev=0 if a==0 else (1 if a<=T else 2)
                    ctx=((slot*bv+pred*bv//L)*3+lev)*bp+P*bp//L
                if ctx not in tables:
                    cs=list(priors[ctx]) if priors and priors[ctx] else [1]*L
                    while sum(cs)>maxT: cs=[(v+1)>>1 for v in cs]
                    tables[ctx]=cs
                cs=tables[ctx]; tot=sum(cs); unit=rng//tot; tgt=code//unit; assert tgt<tot
                lo=0; sym=0
                while lo+cs[sym]<=tgt: lo+=cs[sym]; sym+=1
                code-=unit*lo; rng=unit*cs[sym]
                while rng<(1<<48): rng<<=8; code=(code<<8)|nb()
                cs[sym]+=inc
                if sum(cs)>maxT: tables[ctx]=[(v+1)>>1 for v in cs]
                S[c][y][x]=sym
    assert st['pos']==len(b) and st['pad']==6
    return [v for ch in S for row in ch for v in row]
def priors_of(path):
    # A .bin file of priors, or a model bundle folder whose synthesis.sthm (a tar archive) holds priors.bin.
    if path.endswith('.bin'): return read_priors(open(path,'rb').read())[3]
    import tarfile
    with tarfile.open(path+'/synthesis.sthm') as t: return read_priors(t.extractfile('priors.bin').read())[3]
if len(sys.argv)>1 and sys.argv[1].endswith('.sth'):
    # sth_reference_decoder.py FILE.sth [PRIORS.bin | MODEL_DIR]: the decoded symbols, comma-separated
    h=read_sth(open(sys.argv[1],'rb').read())
    print(','.join(map(str, decode(h, priors_of(sys.argv[2]) if len(sys.argv)>2 else None))))
else:
    g=(sys.argv[1] if len(sys.argv)>1 else 'src/test/resources/golden')+'/'
    h=read_sth(open(g+'v1-small.sth','rb').read()); print(h['name'], decode(h))
    pr=read_priors(open(g+'v1-priors.bin','rb').read())
    h=read_sth(open(g+'v1-trained.sth','rb').read()); print(decode(h, pr[3])[:40])
