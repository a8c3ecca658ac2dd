"""Calibrate compare.DIFFERENT_EVENT on BASIL: run with 0 (development half) or 1 (held-out half)."""
import hashlib, random, statistics
from pathlib import Path
from service.evaluation.actors_events import _basil_articles
from service.alignment import story_terms, fit_idf, tfidf_vector, cosine
from service.framing.resources import load_resources
r=load_resources(); sw=r.terms("function_words")
arts=list(_basil_articles(Path('../shared/data')))
import sys
half=int(sys.argv[1])
arts=[(e,t) for e,t in arts if int(hashlib.sha1(e.encode()).hexdigest()[0],16)%2==half]
by={}
for e,t in arts: by.setdefault(e,[]).append(t)
events=[e for e in by if len(by[e])==3]
random.seed(0)
ins,outs=[],[]
for e in events:
    other=random.choice([x for x in events if x!=e])
    texts=by[e]+[random.choice(by[other])]
    counts=[story_terms(t,sw) for t in texts]
    idf,d=fit_idf(counts); v=[tfidf_vector(c,idf,d) for c in counts]
    best=[max(cosine(v[i],v[j]) for j in range(4) if j!=i) for i in range(4)]
    ins+=best[:3]; outs.append(best[3])
q=lambda xs,p: sorted(xs)[int(p*(len(xs)-1))]
print(len(events),'insider best: p5 %.3f p50 %.3f'%(q(ins,.05),q(ins,.5)),' outsider best: p50 %.3f p95 %.3f max %.3f'%(q(outs,.5),q(outs,.95),max(outs)))
for th in (0.08,0.1,0.12,0.15,0.2):
    print(th,'insiders flagged %.3f'%(sum(b<th for b in ins)/len(ins)),'outsiders caught %.3f'%(sum(b<th for b in outs)/len(outs)))
