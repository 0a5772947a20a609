// Keeps the newest N versions by semver precedence (plus every dist-tag) and only the fields PackageDocs reads.
const fs=require('fs');
const [,,src,dst,keepN]=process.argv;
const p=JSON.parse(fs.readFileSync(src,'utf8'));
const n=parseInt(keepN||'40');
function parse(v){const m=/^(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);return m?{n:[+m[1],+m[2],+m[3]],pre:m[4]?m[4].split('.'):null}:null;}
function cmp(a,b){const x=parse(a),y=parse(b);for(let i=0;i<3;i++)if(x.n[i]!==y.n[i])return x.n[i]-y.n[i];
 if(!x.pre&&!y.pre)return 0;if(!x.pre)return 1;if(!y.pre)return -1;
 for(let i=0;i<Math.max(x.pre.length,y.pre.length);i++){const s=x.pre[i],t=y.pre[i];if(s===undefined)return -1;if(t===undefined)return 1;
  const sn=/^\d+$/.test(s),tn=/^\d+$/.test(t);if(sn&&tn){if(+s!==+t)return +s-+t;}else if(sn)return -1;else if(tn)return 1;else if(s!==t)return s<t?-1:1;}return 0;}
const vs=Object.keys(p.versions).filter(v=>parse(v)).sort(cmp);
const keep=new Set(vs.slice(-n));
for (const t of Object.values(p['dist-tags']||{})) if (p.versions[t]) keep.add(t);
const vf=['name','version','description','engines','dependencies','peerDependencies','peerDependenciesMeta','deprecated','homepage','repository','bugs','license'];
const out={_id:p._id,name:p.name,description:p.description,'dist-tags':p['dist-tags'],versions:{},time:{},homepage:p.homepage,repository:p.repository,bugs:p.bugs,license:p.license};
out.time.created=p.time.created; out.time.modified=p.time.modified;
for (const v of vs) if (keep.has(v)) { const o={}; for (const f of vf) if (p.versions[v][f]!==undefined) o[f]=p.versions[v][f]; out.versions[v]=o; out.time[v]=p.time[v]; }
fs.writeFileSync(dst,JSON.stringify(out,null,1)+'\n');
console.log(dst, Object.keys(out.versions).length, Object.keys(out.versions)[0], JSON.stringify(out['dist-tags']));
